// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title KromaToken
/// @notice KRO for local chains: a plain ERC-20 (18 decimals) whose failures use the
///         OpenZeppelin 5 custom errors, so reverts decode with abis/ERC20.json exactly as
///         they do against the deployed token. The deployer can mint to fund test accounts.
contract KromaToken {
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error ERC20InvalidSender(address sender);
    error ERC20InvalidReceiver(address receiver);
    error ERC20InvalidApprover(address approver);
    error ERC20InvalidSpender(address spender);
    /// @notice The caller is not allowed to mint.
    error OwnableUnauthorizedAccount(address account);

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    string public constant name = "Kroma";
    string public constant symbol = "KRO";
    uint8 public constant decimals = 18;

    /// @notice The account allowed to mint (the deployer).
    address public immutable owner;

    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    function mint(address account, uint256 value) external onlyOwner {
        _mint(account, value);
    }

    /// @notice Mints the same amount to many accounts in one transaction (fast test setup).
    function mintBatch(address[] calldata accounts, uint256 value) external onlyOwner {
        for (uint256 i = 0; i < accounts.length; ++i) {
            _mint(accounts[i], value);
        }
    }

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        // Allowance is checked before balance, as in OpenZeppelin, so the same error surfaces.
        _spendAllowance(from, msg.sender, value);
        _transfer(from, to, value);
        return true;
    }

    function _mint(address account, uint256 value) private {
        if (account == address(0)) revert ERC20InvalidReceiver(address(0));
        totalSupply += value;
        unchecked {
            balanceOf[account] += value;
        }
        emit Transfer(address(0), account, value);
    }

    function _transfer(address from, address to, uint256 value) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        uint256 fromBalance = balanceOf[from];
        if (fromBalance < value) revert ERC20InsufficientBalance(from, fromBalance, value);
        unchecked {
            balanceOf[from] = fromBalance - value;
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }

    function _approve(address holder, address spender, uint256 value) private {
        if (holder == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        allowance[holder][spender] = value;
        emit Approval(holder, spender, value);
    }

    function _spendAllowance(address holder, address spender, uint256 value) private {
        uint256 current = allowance[holder][spender];
        // The maximum allowance means "unlimited" and is never decreased.
        if (current != type(uint256).max) {
            if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
            unchecked {
                allowance[holder][spender] = current - value;
            }
        }
    }
}
