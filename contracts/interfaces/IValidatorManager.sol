// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice What the AssetManager and the test output oracle need from the ValidatorManager.
interface IValidatorManager {
    /// @dev Same order as the uint8 returned by getStatus.
    enum ValidatorStatus {
        NONE,
        EXITED,
        REGISTERED,
        READY,
        INACTIVE,
        ACTIVE
    }

    function getStatus(address validator) external view returns (ValidatorStatus);

    function inJail(address validator) external view returns (bool);

    function jailExpiresAt(address validator) external view returns (uint128);

    function getCommissionRate(address validator) external view returns (uint8);

    function afterDeposit(address validator) external;

    function updateValidatorTree(address validator, bool tryRemove) external;

    function afterSubmitOutput(uint256 outputIndex, address submitter) external;

    function distributeReward(uint256 outputIndex, address submitter) external;

    function recordMissedRound(address validator) external;

    function slash(uint256 outputIndex, address loser, address challenger) external;

    function revertSlash(uint256 outputIndex) external;

    function distributeChallengeReward(uint256 outputIndex) external;
}
