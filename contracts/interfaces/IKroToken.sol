// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice The part of the KRO token the validator system uses.
interface IKroToken {
    function approve(address spender, uint256 value) external returns (bool);
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}
