// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import { IERC721Receiver, IKgh } from "./interfaces/IKgh.sol";
import { IKroToken } from "./interfaces/IKroToken.sol";
import { IValidatorManager } from "./interfaces/IValidatorManager.sol";

/// @title AssetManager
/// @notice Local-chain implementation of the Kroma AssetManager as operators see it: the KRO
///         vault of each validator (own KRO, bonded KRO, delegated KRO and KGH), with the same
///         signatures, events, custom errors and share math as abis/AssetManager.json and the
///         deployed contract: KRO delegators hold shares (10^6 virtual offset, rounded down both
///         ways), KGH delegators earn the boosted reward per KGH.
contract AssetManager is IERC721Receiver {
    struct Vault {
        address withdrawAccount;
        uint128 lastDepositedAt;
        uint128 validatorKro; // own KRO, bonded included
        uint128 validatorKroBonded;
        uint128 totalKro; // delegated KRO plus delegators' rewards
        uint128 totalKroShares;
        uint128 totalKgh;
        uint128 rewardPerKghStored; // boosted reward per KGH, cumulated since the vault began
    }

    struct Delegation {
        uint128 shares;
        uint128 lastDelegatedAt;
    }

    struct KghDelegation {
        uint128 kghNum;
        uint128 rewardPerKghPaid; // rewardPerKghStored when this delegator was last paid
        mapping(uint256 => uint128) delegatedAt; // 0: not delegated by this delegator here
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
    event KghDelegated(address indexed validator, address indexed delegator, uint256 tokenId);
    event KghBatchDelegated(
        address indexed validator,
        address indexed delegator,
        uint256[] tokenIds
    );
    event KghUndelegated(
        address indexed validator,
        address indexed delegator,
        uint256 tokenId,
        uint128 amount
    );
    event KghBatchUndelegated(
        address indexed validator,
        address indexed delegator,
        uint256[] tokenIds,
        uint128 amount
    );
    event KghRewardClaimed(address indexed validator, address indexed delegator, uint128 amount);

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
    mapping(address => mapping(address => KghDelegation)) private _kghDelegations;

    modifier onlyValidatorManager() {
        if (msg.sender != VALIDATOR_MANAGER) revert NotAllowedCaller();
        _;
    }

    /// @dev Delegation needs a validator that is at least REGISTERED and not in jail.
    modifier isRegistered(address validator) {
        IValidatorManager manager = IValidatorManager(VALIDATOR_MANAGER);
        if (
            manager.getStatus(validator) < IValidatorManager.ValidatorStatus.REGISTERED ||
            manager.inJail(validator)
        ) revert ImproperValidatorStatus();
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
    ///         totalKroAssets and weight; it does not activate a validator by itself. The lock
    ///         (MIN_DELEGATION_PERIOD) restarts for the delegator's whole position.
    function delegate(
        address validator,
        uint128 assets
    ) external isRegistered(validator) returns (uint128 shares) {
        if (assets == 0) revert NotAllowedZeroInput();

        _pull(msg.sender, assets);
        shares = _toShares(validator, assets);

        Vault storage vault = _vaults[validator];
        Delegation storage delegation = _delegations[validator][msg.sender];
        vault.totalKro += assets;
        vault.totalKroShares += shares;
        delegation.shares += shares;
        delegation.lastDelegatedAt = uint128(block.timestamp);

        IValidatorManager(VALIDATOR_MANAGER).updateValidatorTree(validator, false);
        emit KroDelegated(validator, msg.sender, assets, shares);
    }

    /// @notice Takes `assets` KRO out; the shares burnt are those `assets` buy now, rounded
    ///         down. No status or jail check: delegators can always leave after the lock.
    function undelegate(address validator, uint128 assets) external {
        if (assets == 0) revert NotAllowedZeroInput();
        Delegation storage delegation = _delegations[validator][msg.sender];
        uint128 shares = _toShares(validator, assets);
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

    /// @notice Delegates one KGH (pulled with safeTransferFrom: approve it first). Pays any
    ///         pending boosted reward first.
    function delegateKgh(address validator, uint256 tokenId) external isRegistered(validator) {
        _payReward(validator, msg.sender);
        IKgh(KGH).safeTransferFrom(msg.sender, address(this), tokenId);

        KghDelegation storage kgh = _kghDelegations[validator][msg.sender];
        kgh.kghNum += 1;
        kgh.delegatedAt[tokenId] = uint128(block.timestamp);
        _vaults[validator].totalKgh += 1;

        emit KghDelegated(validator, msg.sender, tokenId);
    }

    function delegateKghBatch(
        address validator,
        uint256[] calldata tokenIds
    ) external isRegistered(validator) {
        if (tokenIds.length == 0) revert NotAllowedZeroInput();
        _payReward(validator, msg.sender);

        KghDelegation storage kgh = _kghDelegations[validator][msg.sender];
        for (uint256 i = 0; i < tokenIds.length; ++i) {
            IKgh(KGH).safeTransferFrom(msg.sender, address(this), tokenIds[i]);
            kgh.delegatedAt[tokenIds[i]] = uint128(block.timestamp);
        }
        kgh.kghNum += uint128(tokenIds.length);
        _vaults[validator].totalKgh += uint128(tokenIds.length);

        emit KghBatchDelegated(validator, msg.sender, tokenIds);
    }

    /// @notice Returns one KGH to its delegator with the boosted reward earned so far.
    function undelegateKgh(address validator, uint256 tokenId) external {
        KghDelegation storage kgh = _kghDelegations[validator][msg.sender];
        if (kgh.delegatedAt[tokenId] == 0) revert InvalidTokenIdsInput();
        if (block.timestamp < canUndelegateKghAt(validator, msg.sender, tokenId)) {
            revert NotElapsedMinDelegationPeriod();
        }

        uint128 reward = _settleReward(validator, msg.sender);
        kgh.kghNum -= 1;
        delete kgh.delegatedAt[tokenId];
        _vaults[validator].totalKgh -= 1;

        IKgh(KGH).safeTransferFrom(address(this), msg.sender, tokenId);
        if (reward > 0) _send(msg.sender, reward);
        emit KghUndelegated(validator, msg.sender, tokenId, reward);
    }

    function undelegateKghBatch(address validator, uint256[] calldata tokenIds) external {
        if (tokenIds.length == 0) revert NotAllowedZeroInput();

        KghDelegation storage kgh = _kghDelegations[validator][msg.sender];
        for (uint256 i = 0; i < tokenIds.length; ++i) {
            if (kgh.delegatedAt[tokenIds[i]] == 0) revert InvalidTokenIdsInput();
            if (block.timestamp < canUndelegateKghAt(validator, msg.sender, tokenIds[i])) {
                revert NotElapsedMinDelegationPeriod();
            }
            // Cleared at once, so an id listed twice fails the check above.
            delete kgh.delegatedAt[tokenIds[i]];
        }

        uint128 reward = _settleReward(validator, msg.sender);
        kgh.kghNum -= uint128(tokenIds.length);
        _vaults[validator].totalKgh -= uint128(tokenIds.length);

        for (uint256 i = 0; i < tokenIds.length; ++i) {
            IKgh(KGH).safeTransferFrom(address(this), msg.sender, tokenIds[i]);
        }
        if (reward > 0) _send(msg.sender, reward);
        emit KghBatchUndelegated(validator, msg.sender, tokenIds, reward);
    }

    /// @notice Pays the boosted reward of the caller's KGH with `validator`.
    function claimKghReward(address validator) external {
        uint128 reward = _settleReward(validator, msg.sender);
        if (reward == 0) revert InsufficientAsset();
        _send(msg.sender, reward);
        emit KghRewardClaimed(validator, msg.sender, reward);
    }

    function onERC721Received(
        address /* operator */,
        address /* from */,
        uint256 /* tokenId */,
        bytes calldata /* data */
    ) external pure returns (bytes4) {
        return IERC721Receiver.onERC721Received.selector;
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
        // What does not divide evenly among the KGH stays in this contract, as on the deployed one.
        if (vault.totalKgh > 0) vault.rewardPerKghStored += boostedReward / vault.totalKgh;
        vault.validatorKro += validatorReward;
        vault.validatorKroBonded -= BOND_AMOUNT;

        emit ValidatorKroUnbonded(
            validator,
            BOND_AMOUNT,
            vault.validatorKro - vault.validatorKroBonded
        );
    }

    /// @notice Takes the bond of an output that lost a challenge; the AssetManager holds it
    ///         until the ValidatorManager pays it to the challenger or gives it back.
    function slashValidatorKro(address loser) external onlyValidatorManager returns (uint128) {
        Vault storage vault = _vaults[loser];
        if (vault.validatorKroBonded < BOND_AMOUNT) revert InsufficientAsset();
        vault.validatorKroBonded -= BOND_AMOUNT;
        vault.validatorKro -= BOND_AMOUNT;
        return BOND_AMOUNT;
    }

    /// @notice A slash was reverted: the loser's own KRO is restored.
    function revertSlashValidatorKro(address loser, uint128 amount) external onlyValidatorManager {
        _vaults[loser].validatorKro += amount;
    }

    /// @notice Pays slashed KRO to the challenger that won.
    function payChallengeReward(address recipient, uint128 amount) external onlyValidatorManager {
        _send(recipient, amount);
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
        return _toAssets(validator, _delegations[validator][delegator].shares);
    }

    function getKghNum(address validator, address delegator) external view returns (uint128) {
        return _kghDelegations[validator][delegator].kghNum;
    }

    /// @notice The boosted reward claimable now: kghNum x (rewardPerKghStored - rewardPerKghPaid).
    function getKghReward(address validator, address delegator) public view returns (uint128) {
        KghDelegation storage kgh = _kghDelegations[validator][delegator];
        return kgh.kghNum * (_vaults[validator].rewardPerKghStored - kgh.rewardPerKghPaid);
    }

    /// @notice The shares `assets` KRO delegated now would receive (rounded down).
    function previewDelegate(address validator, uint128 assets) external view returns (uint128) {
        return _toShares(validator, assets);
    }

    /// @notice The KRO `shares` are worth now (rounded down).
    function previewUndelegate(address validator, uint128 shares) external view returns (uint128) {
        return _toAssets(validator, shares);
    }

    function canUndelegateKroAt(
        address validator,
        address delegator
    ) public view returns (uint128) {
        return _delegations[validator][delegator].lastDelegatedAt + MIN_DELEGATION_PERIOD;
    }

    /// @notice delegatedAt of the token + MIN_DELEGATION_PERIOD (just the period when the token
    ///         is not delegated by `delegator` to `validator`).
    function canUndelegateKghAt(
        address validator,
        address delegator,
        uint256 tokenId
    ) public view returns (uint128) {
        return _kghDelegations[validator][delegator].delegatedAt[tokenId] + MIN_DELEGATION_PERIOD;
    }

    // ------------------------------------------------------------------------- internals

    function _deposit(address validator, uint128 assets) private {
        _pull(validator, assets);
        Vault storage vault = _vaults[validator];
        vault.validatorKro += assets;
        // Every deposit restarts the withdrawal clock.
        vault.lastDepositedAt = uint128(block.timestamp);
    }

    /// @dev shares = assets x (totalKroShares + 10^6) / (totalKroAssets + 1), rounded down.
    function _toShares(address validator, uint128 assets) private view returns (uint128) {
        Vault storage vault = _vaults[validator];
        return
            uint128(
                (uint256(assets) * (uint256(vault.totalKroShares) + SHARES_OFFSET)) /
                    (uint256(vault.totalKro) + 1)
            );
    }

    /// @dev assets = shares x (totalKroAssets + 1) / (totalKroShares + 10^6), rounded down.
    function _toAssets(address validator, uint128 shares) private view returns (uint128) {
        Vault storage vault = _vaults[validator];
        return
            uint128(
                (uint256(shares) * (uint256(vault.totalKro) + 1)) /
                    (uint256(vault.totalKroShares) + SHARES_OFFSET)
            );
    }

    /// @dev Marks the delegator's boosted reward as paid and returns it (the caller sends it).
    function _settleReward(address validator, address delegator) private returns (uint128 reward) {
        reward = getKghReward(validator, delegator);
        _kghDelegations[validator][delegator].rewardPerKghPaid = _vaults[validator].rewardPerKghStored;
    }

    /// @dev Pays out any pending boosted reward before the KGH count changes.
    function _payReward(address validator, address delegator) private {
        uint128 reward = _settleReward(validator, delegator);
        if (reward > 0) {
            _send(delegator, reward);
            emit KghRewardClaimed(validator, delegator, reward);
        }
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
