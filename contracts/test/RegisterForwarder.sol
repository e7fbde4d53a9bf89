// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice Calls registerValidator from a contract, to show that validators must be EOAs.
///         Reverts with the callee's revert data so it decodes to the original custom error.
contract RegisterForwarder {
    function registerValidator(
        address validatorManager,
        uint128 assets,
        uint8 commissionRate,
        address withdrawAccount
    ) external {
        (bool success, bytes memory data) = validatorManager.call(
            abi.encodeWithSignature(
                "registerValidator(uint128,uint8,address)",
                assets,
                commissionRate,
                withdrawAccount
            )
        );
        if (!success) {
            assembly {
                revert(add(data, 32), mload(data))
            }
        }
    }
}
