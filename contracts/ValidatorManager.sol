// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import { IAssetManager } from "./interfaces/IAssetManager.sol";
import { IValidatorManager } from "./interfaces/IValidatorManager.sol";

/// @title ValidatorManager
/// @notice Local-chain implementation of the Kroma ValidatorManager as operators see it:
///         registration, status, commission, jail and priority selection, with the same
///         signatures, events and custom errors as abis/ValidatorManager.json. Output
///         submission, finalization, missed rounds and slashing are driven by the
///         L2_ORACLE (TestL2OutputOracle) instead of a real rollup.
contract ValidatorManager is IValidatorManager {
    /// @notice Every immutable is a constructor argument so tests can shorten periods.
    struct ConstructorParams {
        address l2Oracle;
        address assetManager;
        address trustedValidator;
        uint128 minRegisterAmount;
        uint128 minActivateAmount;
        uint128 commissionChangeDelaySeconds;
        uint128 roundDurationSeconds;
        uint128 softJailPeriodSeconds;
        uint128 hardJailPeriodSeconds;
        uint128 jailThreshold;
        uint256 maxOutputFinalizations;
        uint128 baseReward;
        uint256 mptFirstOutputIndex;
    }

    struct Validator {
        bool isInitiated;
        uint8 commissionRate;
        uint8 pendingCommissionRate;
        uint8 noSubmissionCount;
        uint128 commissionChangeInitiatedAt;
    }

    /// @notice Slashed KRO waiting for its output's finalization.
    struct PendingSlash {
        address loser;
        address challenger;
        uint128 amount;
    }

    error NotAllowedCaller();
    error ImproperValidatorStatus();
    error InsufficientAsset();
    error MaxCommissionRateExceeded();
    error SameCommissionRate();
    error NotInitiatedCommissionChange();
    error NotElapsedCommissionChangeDelay();
    error NotElapsedJailPeriod();
    error NotSelectedPriorityValidator();
    error InvalidConstructorParams();
    error MptFirstOutputRestricted();
    error ZeroAddress();

    event ValidatorRegistered(
        address indexed validator,
        bool activated,
        uint8 commissionRate,
        uint128 assets
    );
    event ValidatorActivated(address indexed validator, uint256 activatedAt);
    event ValidatorStopped(address indexed validator, uint256 stopsAt);
    event ValidatorCommissionChangeInitiated(
        address indexed validator,
        uint8 oldCommissionRate,
        uint8 newCommissionRate
    );
    event ValidatorCommissionChangeFinalized(
        address indexed validator,
        uint8 oldCommissionRate,
        uint8 newCommissionRate
    );
    event ValidatorJailed(address indexed validator, uint128 expiresAt);
    event ValidatorUnjailed(address indexed validator);
    event RewardDistributed(
        uint256 indexed outputIndex,
        address indexed validator,
        uint128 validatorReward,
        uint128 baseReward,
        uint128 boostedReward
    );
    event Slashed(uint256 indexed outputIndex, address indexed loser, uint128 amount);
    event SlashReverted(uint256 indexed outputIndex, address indexed loser, uint128 amount);
    event ChallengeRewardDistributed(uint256 indexed outputIndex, address indexed recipient, uint128 amount);

    uint8 public constant COMMISSION_RATE_DENOM = 100;

    /// @dev Share of BASE_REWARD that KGH boosting can add at most, in percent.
    uint128 private constant BOOSTED_REWARD_PERCENT = 40;

    string public constant version = "1.0.0";

    address public immutable L2_ORACLE;
    address public immutable ASSET_MANAGER;
    address public immutable TRUSTED_VALIDATOR;
    uint128 public immutable MIN_REGISTER_AMOUNT;
    uint128 public immutable MIN_ACTIVATE_AMOUNT;
    uint128 public immutable COMMISSION_CHANGE_DELAY_SECONDS;
    uint128 public immutable ROUND_DURATION_SECONDS;
    uint128 public immutable SOFT_JAIL_PERIOD_SECONDS;
    uint128 public immutable HARD_JAIL_PERIOD_SECONDS;
    uint128 public immutable JAIL_THRESHOLD;
    uint256 public immutable MAX_OUTPUT_FINALIZATIONS;
    uint128 public immutable BASE_REWARD;
    uint256 public immutable MPT_FIRST_OUTPUT_INDEX;

    mapping(address => Validator) private _validators;
    mapping(address => uint128) private _jail;
    mapping(uint256 => PendingSlash) private _pendingSlashes;

    // The selection "tree": a flat list is enough for a local chain and keeps selection simple.
    address[] private _activated;
    mapping(address => uint256) private _activatedIndex; // 1-based; 0 = not in the tree
    mapping(address => uint120) private _weights;
    uint120 private _totalWeight;

    modifier onlyL2Oracle() {
        if (msg.sender != L2_ORACLE) revert NotAllowedCaller();
        _;
    }

    modifier onlyAssetManager() {
        if (msg.sender != ASSET_MANAGER) revert NotAllowedCaller();
        _;
    }

    constructor(ConstructorParams memory p) {
        if (p.l2Oracle == address(0) || p.assetManager == address(0)) revert ZeroAddress();
        // Same sanity rules as the deployed contract: registering must allow at least one
        // bond, and activation can't need less than registration.
        if (p.minRegisterAmount > p.minActivateAmount) revert InvalidConstructorParams();
        if (p.minRegisterAmount < IAssetManager(p.assetManager).BOND_AMOUNT()) {
            revert InvalidConstructorParams();
        }
        if (p.jailThreshold == 0 || p.jailThreshold > type(uint8).max) {
            revert InvalidConstructorParams();
        }

        L2_ORACLE = p.l2Oracle;
        ASSET_MANAGER = p.assetManager;
        TRUSTED_VALIDATOR = p.trustedValidator;
        MIN_REGISTER_AMOUNT = p.minRegisterAmount;
        MIN_ACTIVATE_AMOUNT = p.minActivateAmount;
        COMMISSION_CHANGE_DELAY_SECONDS = p.commissionChangeDelaySeconds;
        ROUND_DURATION_SECONDS = p.roundDurationSeconds;
        SOFT_JAIL_PERIOD_SECONDS = p.softJailPeriodSeconds;
        HARD_JAIL_PERIOD_SECONDS = p.hardJailPeriodSeconds;
        JAIL_THRESHOLD = p.jailThreshold;
        MAX_OUTPUT_FINALIZATIONS = p.maxOutputFinalizations;
        BASE_REWARD = p.baseReward;
        MPT_FIRST_OUTPUT_INDEX = p.mptFirstOutputIndex;
    }

    // ---------------------------------------------------------------- operator transactions

    function registerValidator(
        uint128 assets,
        uint8 commissionRate,
        address withdrawAccount
    ) external {
        // Validators must be EOAs: the output submitter signs with the same key.
        if (msg.sender != tx.origin) revert NotAllowedCaller();
        if (getStatus(msg.sender) != ValidatorStatus.NONE) revert ImproperValidatorStatus();
        if (assets < MIN_REGISTER_AMOUNT) revert InsufficientAsset();
        if (commissionRate > COMMISSION_RATE_DENOM) revert MaxCommissionRateExceeded();

        Validator storage info = _validators[msg.sender];
        info.isInitiated = true;
        info.commissionRate = commissionRate;

        // Pulls the KRO (transferFrom) and checks the withdraw account.
        IAssetManager(ASSET_MANAGER).depositToRegister(msg.sender, assets, withdrawAccount);

        bool activated = assets >= MIN_ACTIVATE_AMOUNT;
        if (activated) _activate(msg.sender);

        emit ValidatorRegistered(msg.sender, activated, commissionRate, assets);
    }

    function activateValidator() external {
        if (getStatus(msg.sender) != ValidatorStatus.READY || inJail(msg.sender)) {
            revert ImproperValidatorStatus();
        }
        _activate(msg.sender);
    }

    function initCommissionChange(uint8 newCommissionRate) external {
        if (getStatus(msg.sender) < ValidatorStatus.REGISTERED || inJail(msg.sender)) {
            revert ImproperValidatorStatus();
        }
        if (newCommissionRate > COMMISSION_RATE_DENOM) revert MaxCommissionRateExceeded();

        Validator storage info = _validators[msg.sender];
        uint8 oldCommissionRate = info.commissionRate;
        if (newCommissionRate == oldCommissionRate) revert SameCommissionRate();

        info.pendingCommissionRate = newCommissionRate;
        info.commissionChangeInitiatedAt = uint128(block.timestamp);

        emit ValidatorCommissionChangeInitiated(msg.sender, oldCommissionRate, newCommissionRate);
    }

    function finalizeCommissionChange() external {
        if (getStatus(msg.sender) < ValidatorStatus.REGISTERED || inJail(msg.sender)) {
            revert ImproperValidatorStatus();
        }

        Validator storage info = _validators[msg.sender];
        // The initiation time, not the pending rate, marks a pending change: 0 % is a valid rate.
        if (info.commissionChangeInitiatedAt == 0) revert NotInitiatedCommissionChange();
        if (block.timestamp < canFinalizeCommissionChangeAt(msg.sender)) {
            revert NotElapsedCommissionChangeDelay();
        }

        uint8 oldCommissionRate = info.commissionRate;
        uint8 newCommissionRate = info.pendingCommissionRate;
        info.commissionRate = newCommissionRate;
        info.pendingCommissionRate = 0;
        info.commissionChangeInitiatedAt = 0;

        emit ValidatorCommissionChangeFinalized(msg.sender, oldCommissionRate, newCommissionRate);
    }

    function tryUnjail() external {
        if (!inJail(msg.sender)) revert ImproperValidatorStatus();
        if (block.timestamp < _jail[msg.sender]) revert NotElapsedJailPeriod();

        delete _jail[msg.sender];
        _validators[msg.sender].noSubmissionCount = 0;
        emit ValidatorUnjailed(msg.sender);

        if (getStatus(msg.sender) == ValidatorStatus.READY) _activate(msg.sender);
    }

    // ------------------------------------------------------------ AssetManager callbacks

    /// @notice Called after a validator deposit: refreshes its weight, or activates it when
    ///         the deposit made it READY and it is not jailed.
    function afterDeposit(address validator) external onlyAssetManager {
        if (_activatedIndex[validator] != 0) {
            _setWeight(validator);
        } else if (getStatus(validator) == ValidatorStatus.READY && !inJail(validator)) {
            _activate(validator);
        }
    }

    /// @notice Refreshes the weight of a validator in the tree. With tryRemove (after a
    ///         withdrawal), a validator whose own KRO fell below MIN_REGISTER_AMOUNT (EXITED)
    ///         leaves the tree. One that only fell below MIN_ACTIVATE_AMOUNT stays in it and
    ///         shows INACTIVE until it deposits again. Anyone may call it: it only re-reads state.
    function updateValidatorTree(address validator, bool tryRemove) public {
        if (_activatedIndex[validator] == 0) return;
        if (tryRemove && getStatus(validator) == ValidatorStatus.EXITED) {
            _remove(validator);
        } else {
            _setWeight(validator);
        }
    }

    // ---------------------------------------------------------------- L2 oracle callbacks

    /// @notice An output was submitted by `submitter`: bond BOND_AMOUNT of its own KRO.
    function afterSubmitOutput(uint256 /* outputIndex */, address submitter) external onlyL2Oracle {
        if (!isActive(submitter) || inJail(submitter)) revert ImproperValidatorStatus();
        IAssetManager(ASSET_MANAGER).bondValidatorKro(submitter);
        _validators[submitter].noSubmissionCount = 0;
    }

    /// @notice An output was finalized: unbond and pay its submitter.
    function distributeReward(uint256 outputIndex, address submitter) external onlyL2Oracle {
        (uint128 baseReward, uint128 boostedReward, uint128 validatorReward) = _calculateReward(
            submitter
        );
        IAssetManager(ASSET_MANAGER).increaseBalanceWithReward(
            submitter,
            baseReward,
            boostedReward,
            validatorReward
        );
        emit RewardDistributed(outputIndex, submitter, validatorReward, baseReward, boostedReward);
        updateValidatorTree(submitter, false);
    }

    /// @notice The priority validator let its round pass without submitting.
    function recordMissedRound(address validator) external onlyL2Oracle {
        if (_activatedIndex[validator] == 0 || inJail(validator)) revert ImproperValidatorStatus();
        uint8 count = _validators[validator].noSubmissionCount + 1;
        _validators[validator].noSubmissionCount = count;
        if (count >= JAIL_THRESHOLD) _sendToJail(validator, SOFT_JAIL_PERIOD_SECONDS);
    }

    /// @notice The output at `outputIndex` lost a challenge: its bond is slashed and the
    ///         submitter goes to jail for the hard period. The slashed KRO is held until the
    ///         output's finalization, when the challenger receives it, unless the slash is
    ///         reverted first.
    function slash(uint256 outputIndex, address loser, address challenger) external onlyL2Oracle {
        // The first output after the MPT transition can't be challenged.
        if (outputIndex == MPT_FIRST_OUTPUT_INDEX) revert MptFirstOutputRestricted();
        uint128 amount = IAssetManager(ASSET_MANAGER).slashValidatorKro(loser);
        _pendingSlashes[outputIndex] = PendingSlash(loser, challenger, amount);
        emit Slashed(outputIndex, loser, amount);
        _sendToJail(loser, HARD_JAIL_PERIOD_SECONDS);
    }

    /// @notice The slash of `outputIndex` was wrong (the security council dismisses the
    ///         challenge before the output is finalized): the loser gets its KRO back.
    function revertSlash(uint256 outputIndex) external onlyL2Oracle {
        PendingSlash memory pending = _pendingSlashes[outputIndex];
        if (pending.amount == 0) revert InsufficientAsset();
        delete _pendingSlashes[outputIndex];
        IAssetManager(ASSET_MANAGER).revertSlashValidatorKro(pending.loser, pending.amount);
        emit SlashReverted(outputIndex, pending.loser, pending.amount);
    }

    /// @notice The slashed output reached its finalization: its challenger receives the
    ///         slashed KRO (nothing when the slash was reverted).
    function distributeChallengeReward(uint256 outputIndex) external onlyL2Oracle {
        PendingSlash memory pending = _pendingSlashes[outputIndex];
        if (pending.amount == 0) return;
        delete _pendingSlashes[outputIndex];
        IAssetManager(ASSET_MANAGER).payChallengeReward(pending.challenger, pending.amount);
        emit ChallengeRewardDistributed(outputIndex, pending.challenger, pending.amount);
    }

    // ---------------------------------------------------------------------------- views

    function getStatus(address validator) public view returns (ValidatorStatus) {
        if (!_validators[validator].isInitiated) return ValidatorStatus.NONE;

        IAssetManager assetManager = IAssetManager(ASSET_MANAGER);
        if (assetManager.totalValidatorKro(validator) < MIN_REGISTER_AMOUNT) {
            return ValidatorStatus.EXITED;
        }

        bool inTree = _activatedIndex[validator] != 0;
        if (assetManager.reflectiveWeight(validator) < MIN_ACTIVATE_AMOUNT) {
            return inTree ? ValidatorStatus.INACTIVE : ValidatorStatus.REGISTERED;
        }
        return inTree ? ValidatorStatus.ACTIVE : ValidatorStatus.READY;
    }

    /// @notice Jailed from the moment of jailing until tryUnjail succeeds (not just until
    ///         jailExpiresAt).
    function inJail(address validator) public view returns (bool) {
        return _jail[validator] != 0;
    }

    function jailExpiresAt(address validator) external view returns (uint128) {
        return _jail[validator];
    }

    function noSubmissionCount(address validator) external view returns (uint8) {
        return _validators[validator].noSubmissionCount;
    }

    function getCommissionRate(address validator) external view returns (uint8) {
        return _validators[validator].commissionRate;
    }

    function getPendingCommissionRate(address validator) external view returns (uint8) {
        return _validators[validator].pendingCommissionRate;
    }

    /// @notice Equals COMMISSION_CHANGE_DELAY_SECONDS when no change is pending.
    function canFinalizeCommissionChangeAt(address validator) public view returns (uint128) {
        return _validators[validator].commissionChangeInitiatedAt + COMMISSION_CHANGE_DELAY_SECONDS;
    }

    function isActive(address validator) public view returns (bool) {
        return getStatus(validator) == ValidatorStatus.ACTIVE;
    }

    function getWeight(address validator) external view returns (uint120) {
        return _weights[validator];
    }

    /// @notice The priority validator: a weighted choice among the validators in the tree,
    ///         seeded by the previous block hash (deterministic within a block), or
    ///         TRUSTED_VALIDATOR when the tree is empty.
    function nextValidator() external view returns (address) {
        uint256 total = _totalWeight;
        if (total == 0) return TRUSTED_VALIDATOR;

        uint256 point = uint256(keccak256(abi.encode(blockhash(block.number - 1), block.number))) %
            total;
        uint256 length = _activated.length;
        for (uint256 i = 0; i < length; ++i) {
            address candidate = _activated[i];
            uint256 weight = _weights[candidate];
            if (point < weight) return candidate;
            point -= weight;
        }
        // Unreachable while _totalWeight is the sum of _weights.
        return _activated[length - 1];
    }

    function activatedValidatorCount() external view returns (uint32) {
        return uint32(_activated.length);
    }

    function activatedValidatorTotalWeight() external view returns (uint120) {
        return _totalWeight;
    }

    // ------------------------------------------------------------------------- internals

    function _activate(address validator) private {
        _activated.push(validator);
        _activatedIndex[validator] = _activated.length;
        _setWeight(validator);
        emit ValidatorActivated(validator, block.timestamp);
    }

    function _remove(address validator) private {
        uint256 index = _activatedIndex[validator];
        if (index == 0) return;

        uint256 last = _activated.length;
        if (index != last) {
            address moved = _activated[last - 1];
            _activated[index - 1] = moved;
            _activatedIndex[moved] = index;
        }
        _activated.pop();
        delete _activatedIndex[validator];
        _totalWeight -= _weights[validator];
        delete _weights[validator];

        emit ValidatorStopped(validator, block.timestamp);
    }

    function _setWeight(address validator) private {
        uint120 weight = uint120(IAssetManager(ASSET_MANAGER).reflectiveWeight(validator));
        _totalWeight = _totalWeight - _weights[validator] + weight;
        _weights[validator] = weight;
    }

    function _sendToJail(address validator, uint128 period) private {
        uint128 expiresAt = uint128(block.timestamp) + period;
        _jail[validator] = expiresAt;
        emit ValidatorJailed(validator, expiresAt);
        _remove(validator);
    }

    /// @dev Splits BASE_REWARD (plus a KGH boost) between the validator's commission and
    ///      its delegators, as the deployed contract does. The boost is a simple increasing
    ///      curve in the number of KGH, capped below BOOSTED_REWARD_PERCENT of BASE_REWARD.
    function _calculateReward(
        address validator
    ) private view returns (uint128 baseReward, uint128 boostedReward, uint128 validatorReward) {
        uint128 rate = _validators[validator].commissionRate;
        uint128 kgh = IAssetManager(ASSET_MANAGER).totalKghNum(validator);
        uint128 boost = (((BASE_REWARD * BOOSTED_REWARD_PERCENT) / 100) * kgh) / (kgh + 100);

        validatorReward = ((BASE_REWARD + boost) * rate) / COMMISSION_RATE_DENOM;
        baseReward = (BASE_REWARD * (COMMISSION_RATE_DENOM - rate)) / COMMISSION_RATE_DENOM;
        boostedReward = (boost * (COMMISSION_RATE_DENOM - rate)) / COMMISSION_RATE_DENOM;
    }
}
