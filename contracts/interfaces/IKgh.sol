// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice The part of the KGH ERC-721 the AssetManager uses.
interface IKgh {
    function safeTransferFrom(address from, address to, uint256 tokenId) external;
}

/// @notice What ERC-721 safe transfers ask of a receiving contract.
interface IERC721Receiver {
    function onERC721Received(
        address operator,
        address from,
        uint256 tokenId,
        bytes calldata data
    ) external returns (bytes4);
}
