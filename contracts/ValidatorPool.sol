// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice The part of the output oracle the pool reads: how far outputs have gone.
interface IOutputIndex {
    function latestOutputIndex() external view returns (uint256);
}

/// @title ValidatorPool
/// @notice Local-chain model of Kroma's V1 ValidatorPool (deprecated, ETH bonds) as holders
///         see it after the switch to Validator System V2: the same functions, events and
///         revert strings as abis/ValidatorPool.json. Deposits are refused once the oracle is
///         past TERMINATE_OUTPUT_INDEX; balances and bonds left from before stay withdrawable.
///         The L2 reward message an unbond sends through the KromaPortal is left out.
///         Two test hooks stand in for the pool's history: testCredit (a deposit made before
///         termination) and testCreateBond (an output submitted with a bond).
contract ValidatorPool {
    struct Bond {
        uint128 amount;
        uint128 expiresAt;
    }

    event Bonded(address indexed submitter, uint256 indexed outputIndex, uint128 amount, uint128 expiresAt);
    event Unbonded(uint256 indexed outputIndex, address indexed recipient, uint128 amount);

    string public constant version = "1.1.0";

    address public immutable L2_ORACLE;
    address public immutable TRUSTED_VALIDATOR;
    uint128 public immutable REQUIRED_BOND_AMOUNT;
    uint256 public immutable MAX_UNBOND;
    uint256 public immutable TERMINATE_OUTPUT_INDEX;

    mapping(address => uint256) private _balances;
    mapping(uint256 => Bond) private _bonds;
    mapping(uint256 => address) private _submitters;
    /// @dev Index 0 is the oracle's genesis output, which has no bond.
    uint256 private _nextUnbondOutputIndex = 1;
    uint256 private _nextBondOutputIndex = 1;
    bool private _locked;

    modifier nonReentrant() {
        require(!_locked, "ReentrancyGuard: reentrant call");
        _locked = true;
        _;
        _locked = false;
    }

    constructor(
        address l2Oracle,
        address trustedValidator,
        uint256 requiredBondAmount,
        uint256 maxUnbond,
        uint256 terminateOutputIndex
    ) {
        L2_ORACLE = l2Oracle;
        TRUSTED_VALIDATOR = trustedValidator;
        REQUIRED_BOND_AMOUNT = uint128(requiredBondAmount);
        MAX_UNBOND = maxUnbond;
        TERMINATE_OUTPUT_INDEX = terminateOutputIndex;
    }

    /// @notice Deposits ETH to bond later; refused once the pool is terminated.
    function deposit() external payable {
        require(
            IOutputIndex(L2_ORACLE).latestOutputIndex() + 1 < TERMINATE_OUTPUT_INDEX + 1,
            "ValidatorPool: only can deposit to ValidatorPool before terminated"
        );
        _balances[msg.sender] += msg.value;
    }

    /// @notice Sends `amount` of the sender's balance to the sender.
    function withdraw(uint256 _amount) external nonReentrant {
        _decreaseBalance(msg.sender, _amount);
        (bool success, ) = msg.sender.call{ value: _amount }("");
        require(success, "ValidatorPool: ETH transfer failed");
    }

    /// @notice Sends `amount` of the sender's balance to `to`.
    function withdrawTo(address _to, uint256 _amount) external nonReentrant {
        require(_to != address(0), "ValidatorPool: cannot withdraw to the zero address");
        _decreaseBalance(msg.sender, _amount);
        (bool success, ) = _to.call{ value: _amount }("");
        require(success, "ValidatorPool: ETH transfer failed");
    }

    /// @notice Releases the expired bonds (at most MAX_UNBOND, in output order) to their
    ///         submitters' balances; anyone may call it. Reverts when none can be released.
    function unbond() external {
        uint256 outputIndex = _nextUnbondOutputIndex;
        uint256 released = 0;
        while (released < MAX_UNBOND) {
            Bond memory bond = _bonds[outputIndex];
            if (bond.amount == 0 || block.timestamp < bond.expiresAt) break;
            delete _bonds[outputIndex];
            address submitter = _submitters[outputIndex];
            _balances[submitter] += bond.amount;
            emit Unbonded(outputIndex, submitter, bond.amount);
            ++released;
            ++outputIndex;
        }
        require(released > 0, "ValidatorPool: no bond that can be unbond");
        _nextUnbondOutputIndex = outputIndex;
    }

    function balanceOf(address _addr) external view returns (uint256) {
        return _balances[_addr];
    }

    function getBond(uint256 _outputIndex) external view returns (Bond memory) {
        Bond memory bond = _bonds[_outputIndex];
        require(bond.amount > 0 && bond.expiresAt > 0, "ValidatorPool: the bond does not exist");
        return bond;
    }

    /// @notice Whether the output at `outputIndex` is past the pool's last one.
    function isTerminated(uint256 _outputIndex) external view returns (bool) {
        return _outputIndex > TERMINATE_OUTPUT_INDEX;
    }

    /// @notice Test hook: credits `validator` with the ETH sent, as a deposit made before
    ///         termination would have.
    function testCredit(address validator) external payable {
        _balances[validator] += msg.value;
    }

    /// @notice Test hook: `submitter` submitted the next output, bonding REQUIRED_BOND_AMOUNT
    ///         of its balance until `expiresAt`.
    function testCreateBond(address submitter, uint128 expiresAt) external returns (uint256 outputIndex) {
        outputIndex = _nextBondOutputIndex++;
        _decreaseBalance(submitter, REQUIRED_BOND_AMOUNT);
        _bonds[outputIndex] = Bond(REQUIRED_BOND_AMOUNT, expiresAt);
        _submitters[outputIndex] = submitter;
        emit Bonded(submitter, outputIndex, REQUIRED_BOND_AMOUNT, expiresAt);
    }

    function _decreaseBalance(address account, uint256 amount) private {
        uint256 balance = _balances[account];
        require(balance >= amount, "ValidatorPool: insufficient balances");
        _balances[account] = balance - amount;
    }
}
