// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import { IKroToken } from "./interfaces/IKroToken.sol";
import { IValidatorManager } from "./interfaces/IValidatorManager.sol";

/// @title AssetManager
/// @notice Local-chain implementation of the Kroma AssetManager as operators see it: the KRO
///         vault of each validator (own KRO, bonded KRO, delegated KRO), with the same
///         signatures, events and custom errors as abis/AssetManager.json. KGH delegation is
///         reduced to a counter (increaseKghNum) since there is no KGH NFT on local chains.
contract AssetManager {
    struct Vault {
        address withdrawAccount;
        uint128 lastDepositedAt;
        uint128 validatorKro; // own KRO, bonded included
        uint128 validatorKroBonded;
        uint128 totalKro; // delegated KRO plus delegators' rewards
        uint128 totalKroShares;
        uint128 totalKgh;
        uint128 kghRewards; // boosted rewards kept for KGH delegators
    }

    struct Delegation {
        uint128 shares;
        uint128 lastDelegatedAt;
    }

    error NotAllowedCaller();
    error ImproperValidatorStatus();
    error NotAllowedZeroInput();
    error ZeroAddress();
    error InsufficientAsset();
    error InsufficientShare();
    error NotElapsedMinDelegationPeriod();
    error InvalidTokenIdsInput();

    event Deposited(address indexed validator, uint128 amount);
    event Withdrawn(address indexed validator, uint128 amount);
    event ValidatorKroBonded(address indexed validator, uint128 amount, uint128 remainder);
    event ValidatorKroUnbonded(address indexed validator, uint128 amount, uint128 remainder);
    event KroDelegated(
        address indexed validator,
        address indexed delegator,
        uint128 amount,
        uint128 shares
    );
    event KroUndelegated(
        address indexed validator,
        address indexed delegator,
        uint128 amount,
        uint128 shares
    );
    event KghNumIncreased(address indexed validator, uint128 count);

    /// @dev Virtual shares so that rewards added before the first delegation can't be
    ///      captured by rounding (the usual vault inflation guard).
    uint128 private constant SHARES_OFFSET = 10 ** 6;

    string public constant version = "1.0.0";

    address public immutable ASSET_TOKEN;
    address public immutable KGH;
    address public immutable SECURITY_COUNCIL;
    address public immutable VALIDATOR_REWARD_VAULT;
    address public immutable VALIDATOR_MANAGER;
    uint128 public immutable MIN_DELEGATION_PERIOD;
    uint128 public immutable BOND_AMOUNT;

    mapping(address => Vault) private _vaults;
    mapping(address => mapping(address => Delegation)) private _delegations;

    modifier onlyValidatorManager() {
        if (msg.sender != VALIDATOR_MANAGER) revert NotAllowedCaller();
        _;
    }

    constructor(
        address assetToken,
        address kgh,
        address securityCouncil,
        address validatorRewardVault,
        address validatorManager,
        uint128 minDelegationPeriod,
        uint128 bondAmount
    ) {
        if (
            assetToken == address(0) ||
            securityCouncil == address(0) ||
            validatorRewardVault == address(0) ||
            validatorManager == address(0)
        ) revert ZeroAddress();

        ASSET_TOKEN = assetToken;
        KGH = kgh;
        SECURITY_COUNCIL = securityCouncil;
        VALIDATOR_REWARD_VAULT = validatorRewardVault;
        VALIDATOR_MANAGER = validatorManager;
        MIN_DELEGATION_PERIOD = minDelegationPeriod;
        BOND_AMOUNT = bondAmount;
    }

    // ---------------------------------------------------------------- validator actions

    function deposit(uint128 assets) external {
        if (assets == 0) revert NotAllowedZeroInput();
        IValidatorManager manager = IValidatorManager(VALIDATOR_MANAGER);
        if (manager.getStatus(msg.sender) == IValidatorManager.ValidatorStatus.NONE) {
            revert ImproperValidatorStatus();
        }

        _deposit(msg.sender, assets);
        emit Deposited(msg.sender, assets);
        manager.afterDeposit(msg.sender);
    }

    /// @notice Sent by the validator's withdraw account; the KRO goes to that account.
    function withdraw(address validator, uint128 assets) external {
        Vault storage vault = _vaults[validator];
        if (msg.sender != vault.withdrawAccount) revert NotAllowedCaller();
        if (assets == 0) revert NotAllowedZeroInput();
        if (block.timestamp < canWithdrawAt(validator)) revert NotElapsedMinDelegationPeriod();
        IValidatorManager manager = IValidatorManager(VALIDATOR_MANAGER);
        if (manager.jailExpiresAt(validator) > block.timestamp) revert ImproperValidatorStatus();
        if (assets > vault.validatorKro - vault.validatorKroBonded) revert InsufficientAsset();

        unchecked {
            vault.validatorKro -= assets;
        }
        manager.updateValidatorTree(validator, true);
        _send(vault.withdrawAccount, assets);

        emit Withdrawn(validator, assets);
    }

    // --------------------------------------------------------------- delegator actions

    /// @notice Delegates KRO to a registered, non-jailed validator. Adds to its
    ///         totalKroAssets and weight; it does not activate a validator by itself.
    function delegate(address validator, uint128 assets) external returns (uint128 shares) {
        IValidatorManager manager = IValidatorManager(VALIDATOR_MANAGER);
        if (
            manager.getStatus(validator) < IValidatorManager.ValidatorStatus.REGISTERED ||
            manager.inJail(validator)
        ) revert ImproperValidatorStatus();
        if (assets == 0) revert NotAllowedZeroInput();

        _pull(msg.sender, assets);
        shares = _toShares(validator, assets, false);

        Vault storage vault = _vaults[validator];
        Delegation storage delegation = _delegations[validator][msg.sender];
        vault.totalKro += assets;
        vault.totalKroShares += shares;
        delegation.shares += shares;
        delegation.lastDelegatedAt = uint128(block.timestamp);

        manager.updateValidatorTree(validator, false);
        emit KroDelegated(validator, msg.sender, assets, shares);
    }

    function undelegate(address validator, uint128 assets) external {
        if (assets == 0) revert NotAllowedZeroInput();
        Delegation storage delegation = _delegations[validator][msg.sender];
        // Round up so a delegator can't take out more than its shares are worth.
        uint128 shares = _toShares(validator, assets, true);
        if (shares == 0 || shares > delegation.shares) revert InsufficientShare();
        if (block.timestamp < canUndelegateKroAt(validator, msg.sender)) {
            revert NotElapsedMinDelegationPeriod();
        }

        Vault storage vault = _vaults[validator];
        vault.totalKro -= assets;
        vault.totalKroShares -= shares;
        delegation.shares -= shares;

        IValidatorManager(VALIDATOR_MANAGER).updateValidatorTree(validator, true);
        _send(msg.sender, assets);
        emit KroUndelegated(validator, msg.sender, assets, shares);
    }

    /// @notice Local-chain stand-in for KGH delegation: raises the validator's KGH count,
    ///         which boosts its rewards. There is no NFT to transfer.
    function increaseKghNum(address validator, uint128 count) external {
        if (count == 0) revert InvalidTokenIdsInput();
        IValidatorManager manager = IValidatorManager(VALIDATOR_MANAGER);
        if (
            manager.getStatus(validator) < IValidatorManager.ValidatorStatus.REGISTERED ||
            manager.inJail(validator)
        ) revert ImproperValidatorStatus();
        _vaults[validator].totalKgh += count;
        emit KghNumIncreased(validator, count);
    }

    // --------------------------------------------------------- ValidatorManager callbacks

    function depositToRegister(
        address validator,
        uint128 assets,
        address withdrawAccount
    ) external onlyValidatorManager {
        if (withdrawAccount == address(0)) revert ZeroAddress();
        _vaults[validator].withdrawAccount = withdrawAccount;
        _deposit(validator, assets);
        emit Deposited(validator, assets);
    }

    /// @notice Bonds BOND_AMOUNT of the validator's own KRO for a submitted output.
    function bondValidatorKro(address validator) external onlyValidatorManager {
        Vault storage vault = _vaults[validator];
        uint128 remainder = vault.validatorKro - vault.validatorKroBonded;
        if (remainder < BOND_AMOUNT) revert InsufficientAsset();
        vault.validatorKroBonded += BOND_AMOUNT;
        emit ValidatorKroBonded(validator, BOND_AMOUNT, remainder - BOND_AMOUNT);
    }

    /// @notice Pays the reward of a finalized output from the reward vault and releases its
    ///         bond. The commission goes to the validator's own KRO, the rest to its delegators.
    function increaseBalanceWithReward(
        address validator,
        uint128 baseReward,
        uint128 boostedReward,
        uint128 validatorReward
    ) external onlyValidatorManager {
        uint256 total = uint256(baseReward) + boostedReward + validatorReward;
        if (total > 0) {
            bool ok = IKroToken(ASSET_TOKEN).transferFrom(VALIDATOR_REWARD_VAULT, address(this), total);
            if (!ok) revert InsufficientAsset();
        }

        Vault storage vault = _vaults[validator];
        vault.totalKro += baseReward;
        vault.kghRewards += boostedReward;
        vault.validatorKro += validatorReward;
        vault.validatorKroBonded -= BOND_AMOUNT;

        emit ValidatorKroUnbonded(
            validator,
            BOND_AMOUNT,
            vault.validatorKro - vault.validatorKroBonded
        );
    }

    /// @notice Takes the bond of an output that lost a challenge and sends it to the
    ///         security council.
    function slashValidatorKro(address loser) external onlyValidatorManager returns (uint128) {
        Vault storage vault = _vaults[loser];
        if (vault.validatorKroBonded < BOND_AMOUNT) revert InsufficientAsset();
        vault.validatorKroBonded -= BOND_AMOUNT;
        vault.validatorKro -= BOND_AMOUNT;
        _send(SECURITY_COUNCIL, BOND_AMOUNT);
        return BOND_AMOUNT;
    }

    // ---------------------------------------------------------------------------- views

    function getWithdrawAccount(address validator) external view returns (address) {
        return _vaults[validator].withdrawAccount;
    }

    function canWithdrawAt(address validator) public view returns (uint128) {
        return _vaults[validator].lastDepositedAt + MIN_DELEGATION_PERIOD;
    }

    function totalValidatorKro(address validator) external view returns (uint128) {
        return _vaults[validator].validatorKro;
    }

    function totalValidatorKroBonded(address validator) external view returns (uint128) {
        return _vaults[validator].validatorKroBonded;
    }

    function totalValidatorKroNotBonded(address validator) external view returns (uint128) {
        return _vaults[validator].validatorKro - _vaults[validator].validatorKroBonded;
    }

    function totalKroAssets(address validator) external view returns (uint128) {
        return _vaults[validator].totalKro;
    }

    function totalKghNum(address validator) external view returns (uint128) {
        return _vaults[validator].totalKgh;
    }

    function reflectiveWeight(address validator) external view returns (uint128) {
        return _vaults[validator].totalKro + _vaults[validator].validatorKro;
    }

    function getKroTotalShareBalance(
        address validator,
        address delegator
    ) external view returns (uint128) {
        return _delegations[validator][delegator].shares;
    }

    function getKroAssets(address validator, address delegator) external view returns (uint128) {
        Vault storage vault = _vaults[validator];
        return
            uint128(
                (uint256(_delegations[validator][delegator].shares) * (uint256(vault.totalKro) + 1)) /
                    (uint256(vault.totalKroShares) + SHARES_OFFSET)
            );
    }

    function canUndelegateKroAt(
        address validator,
        address delegator
    ) public view returns (uint128) {
        return _delegations[validator][delegator].lastDelegatedAt + MIN_DELEGATION_PERIOD;
    }

    // ------------------------------------------------------------------------- internals

    function _deposit(address validator, uint128 assets) private {
        _pull(validator, assets);
        Vault storage vault = _vaults[validator];
        vault.validatorKro += assets;
        // Every deposit restarts the withdrawal clock.
        vault.lastDepositedAt = uint128(block.timestamp);
    }

    function _toShares(address validator, uint128 assets, bool roundUp) private view returns (uint128) {
        Vault storage vault = _vaults[validator];
        uint256 numerator = uint256(assets) * (uint256(vault.totalKroShares) + SHARES_OFFSET);
        uint256 denominator = uint256(vault.totalKro) + 1;
        uint256 shares = numerator / denominator;
        if (roundUp && shares * denominator < numerator) shares += 1;
        return uint128(shares);
    }

    /// @dev Token failures revert inside the token with its ERC-20 custom errors, which
    ///      bubble up unchanged so callers can decode them.
    function _pull(address from, uint128 assets) private {
        bool ok = IKroToken(ASSET_TOKEN).transferFrom(from, address(this), assets);
        if (!ok) revert InsufficientAsset();
    }

    function _send(address to, uint128 assets) private {
        bool ok = IKroToken(ASSET_TOKEN).transfer(to, assets);
        if (!ok) revert InsufficientAsset();
    }
}
