// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import { IKroToken } from "./interfaces/IKroToken.sol";
import { IValidatorManager } from "./interfaces/IValidatorManager.sol";

/// @title TestL2OutputOracle
/// @notice Stands in for the L2OutputOracle on local chains: it drives the ValidatorManager
///         through the events of a real rollup (an output submitted, outputs finalized, a
///         missed priority round, a lost challenge) on demand, with no L2 behind it.
///         It also holds the KRO that pays output rewards (it is VALIDATOR_REWARD_VAULT).
///         Anyone may call it: it exists for tests and devnets only.
contract TestL2OutputOracle {
    struct Output {
        address submitter;
        uint64 submittedAt;
        bool finalized;
        bool slashed;
    }

    /// @notice The output is not waiting for finalization (unknown, finalized or slashed).
    error OutputNotPending();

    event OutputSubmitted(uint256 indexed outputIndex, address indexed submitter);
    event OutputsFinalized(uint256 fromIndex, uint256 toIndex);
    event OutputSlashed(uint256 indexed outputIndex, address indexed submitter);
    event RoundMissed(address indexed validator);

    address public immutable VALIDATOR_MANAGER;

    Output[] private _outputs;
    uint256 public nextFinalizeOutputIndex;

    /// @param validatorManager The ValidatorManager this oracle reports to.
    /// @param assetToken       KRO; the AssetManager may pull rewards from this contract.
    /// @param assetManager     The AssetManager that pays rewards.
    constructor(address validatorManager, address assetToken, address assetManager) {
        VALIDATOR_MANAGER = validatorManager;
        IKroToken(assetToken).approve(assetManager, type(uint256).max);
        // Index 0 is the genesis output, finalized from the start, as on the deployed oracle.
        _outputs.push(Output(address(0), uint64(block.timestamp), true, false));
        nextFinalizeOutputIndex = 1;
    }

    /// @notice `validator` submits an output: it must be ACTIVE and not jailed, and
    ///         BOND_AMOUNT of its own KRO is bonded until the output is finalized.
    function submitOutput(address validator) external returns (uint256 outputIndex) {
        outputIndex = _outputs.length;
        _outputs.push(Output(validator, uint64(block.timestamp), false, false));
        IValidatorManager(VALIDATOR_MANAGER).afterSubmitOutput(outputIndex, validator);
        emit OutputSubmitted(outputIndex, validator);
    }

    /// @notice Finalizes every pending output: bonds are released and rewards paid.
    function finalizeOutputs() external returns (uint256 count) {
        uint256 from = nextFinalizeOutputIndex;
        uint256 length = _outputs.length;
        for (uint256 i = from; i < length; ++i) {
            Output storage output = _outputs[i];
            if (output.slashed) {
                // The challenger is paid at the time the output would have been finalized.
                IValidatorManager(VALIDATOR_MANAGER).distributeChallengeReward(i);
                continue;
            }
            output.finalized = true;
            IValidatorManager(VALIDATOR_MANAGER).distributeReward(i, output.submitter);
            ++count;
        }
        nextFinalizeOutputIndex = length;
        if (length > from) emit OutputsFinalized(from, length - 1);
    }

    /// @notice `validator` was the priority validator and let its round pass: its
    ///         noSubmissionCount grows, and at JAIL_THRESHOLD it goes to jail.
    function missRound(address validator) external {
        IValidatorManager(VALIDATOR_MANAGER).recordMissedRound(validator);
        emit RoundMissed(validator);
    }

    /// @notice The pending output at `outputIndex` lost a challenge brought by the caller: its
    ///         submitter loses the bond (paid to the caller when the output is finalized) and
    ///         goes to jail for HARD_JAIL_PERIOD_SECONDS. It is never rewarded.
    function slash(uint256 outputIndex) external {
        if (outputIndex < nextFinalizeOutputIndex || outputIndex >= _outputs.length) {
            revert OutputNotPending();
        }
        Output storage output = _outputs[outputIndex];
        if (output.slashed) revert OutputNotPending();
        output.slashed = true;
        IValidatorManager(VALIDATOR_MANAGER).slash(outputIndex, output.submitter, msg.sender);
        emit OutputSlashed(outputIndex, output.submitter);
    }

    /// @notice The slash of a pending output is reverted (as the security council does with a
    ///         wrong challenge): the submitter's KRO is given back. The output stays unrewarded.
    function revertSlash(uint256 outputIndex) external {
        if (outputIndex < nextFinalizeOutputIndex || outputIndex >= _outputs.length || !_outputs[outputIndex].slashed) {
            revert OutputNotPending();
        }
        IValidatorManager(VALIDATOR_MANAGER).revertSlash(outputIndex);
    }

    function latestOutputIndex() external view returns (uint256) {
        return _outputs.length - 1;
    }

    function getSubmitter(uint256 outputIndex) external view returns (address) {
        return _outputs[outputIndex].submitter;
    }

    function isFinalized(uint256 outputIndex) external view returns (bool) {
        return outputIndex < _outputs.length && _outputs[outputIndex].finalized;
    }
}
