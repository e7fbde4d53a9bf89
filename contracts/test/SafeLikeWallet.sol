// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice Stands in for a Safe in tests: a contract account that holds ETH and whose one owner
///         makes it call other contracts. Reverts with the callee's revert data.
contract SafeLikeWallet {
    address public immutable OWNER;

    constructor(address owner) {
        OWNER = owner;
    }

    receive() external payable {}

    function execTransaction(address to, uint256 value, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == OWNER, "SafeLikeWallet: only the owner");
        (bool success, bytes memory result) = to.call{ value: value }(data);
        if (!success) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }
}
