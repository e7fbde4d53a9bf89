// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import { IERC721Receiver } from "./interfaces/IKgh.sol";

/// @title KghToken
/// @notice Kroma Guardian House (KGH) for local chains: a plain ERC-721 whose failures use the
///         OpenZeppelin 5 custom errors, so reverts decode with abis/KGH.json. The deployer can
///         mint to give test accounts tokens to delegate.
contract KghToken {
    error ERC721InvalidOwner(address owner);
    error ERC721NonexistentToken(uint256 tokenId);
    error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner);
    error ERC721InvalidSender(address sender);
    error ERC721InvalidReceiver(address receiver);
    error ERC721InsufficientApproval(address operator, uint256 tokenId);
    error ERC721InvalidApprover(address approver);
    error ERC721InvalidOperator(address operator);
    /// @notice The caller is not allowed to mint.
    error OwnableUnauthorizedAccount(address account);

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    string public constant name = "Kroma Guardian House";
    string public constant symbol = "KGH";

    /// @notice The account allowed to mint (the deployer).
    address public immutable owner;

    mapping(uint256 => address) private _owners;
    mapping(address => uint256) private _balances;
    mapping(uint256 => address) private _tokenApprovals;
    mapping(address => mapping(address => bool)) private _operatorApprovals;

    constructor() {
        owner = msg.sender;
    }

    /// @notice The id the next minted token gets (ids start at 1 and follow each other).
    uint256 public nextTokenId = 1;

    modifier onlyOwner() {
        if (msg.sender != owner) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    /// @notice Mints `count` tokens to `to`; returns the id of the first.
    function mint(address to, uint256 count) external onlyOwner returns (uint256 firstId) {
        firstId = nextTokenId;
        _mint(to, count);
    }

    /// @notice Mints `perAccount` tokens to each account in turn (fast test setup): account k
    ///         gets the ids from nextTokenId + k x perAccount.
    function mintBatch(address[] calldata accounts, uint256 perAccount) external onlyOwner {
        for (uint256 i = 0; i < accounts.length; ++i) {
            _mint(accounts[i], perAccount);
        }
    }

    function _mint(address to, uint256 count) private {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        uint256 id = nextTokenId;
        for (uint256 end = id + count; id < end; ++id) {
            _owners[id] = to;
            emit Transfer(address(0), to, id);
        }
        nextTokenId = id;
        _balances[to] += count;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        // ERC-165 and ERC-721.
        return interfaceId == 0x01ffc9a7 || interfaceId == 0x80ac58cd;
    }

    function balanceOf(address account) external view returns (uint256) {
        if (account == address(0)) revert ERC721InvalidOwner(address(0));
        return _balances[account];
    }

    function ownerOf(uint256 tokenId) public view returns (address) {
        address holder = _owners[tokenId];
        if (holder == address(0)) revert ERC721NonexistentToken(tokenId);
        return holder;
    }

    function getApproved(uint256 tokenId) public view returns (address) {
        ownerOf(tokenId);
        return _tokenApprovals[tokenId];
    }

    function isApprovedForAll(address holder, address operator) public view returns (bool) {
        return _operatorApprovals[holder][operator];
    }

    function approve(address to, uint256 tokenId) external {
        address holder = ownerOf(tokenId);
        if (msg.sender != holder && !isApprovedForAll(holder, msg.sender)) {
            revert ERC721InvalidApprover(msg.sender);
        }
        _tokenApprovals[tokenId] = to;
        emit Approval(holder, to, tokenId);
    }

    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ERC721InvalidOperator(operator);
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    function transferFrom(address from, address to, uint256 tokenId) public {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        address holder = ownerOf(tokenId);
        if (
            msg.sender != holder &&
            !isApprovedForAll(holder, msg.sender) &&
            _tokenApprovals[tokenId] != msg.sender
        ) revert ERC721InsufficientApproval(msg.sender, tokenId);
        if (holder != from) revert ERC721IncorrectOwner(from, tokenId, holder);

        // A transfer clears the token's approval, as in OpenZeppelin.
        delete _tokenApprovals[tokenId];
        unchecked {
            _balances[from] -= 1;
            _balances[to] += 1;
        }
        _owners[tokenId] = to;
        emit Transfer(from, to, tokenId);
    }

    function safeTransferFrom(address from, address to, uint256 tokenId) external {
        safeTransferFrom(from, to, tokenId, "");
    }

    function safeTransferFrom(address from, address to, uint256 tokenId, bytes memory data) public {
        transferFrom(from, to, tokenId);
        if (to.code.length > 0) {
            try IERC721Receiver(to).onERC721Received(msg.sender, from, tokenId, data) returns (bytes4 retval) {
                if (retval != IERC721Receiver.onERC721Received.selector) revert ERC721InvalidReceiver(to);
            } catch {
                revert ERC721InvalidReceiver(to);
            }
        }
    }
}
