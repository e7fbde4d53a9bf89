// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice What the ValidatorManager needs from the AssetManager.
interface IAssetManager {
    function BOND_AMOUNT() external view returns (uint128);

    function totalValidatorKro(address validator) external view returns (uint128);

    function reflectiveWeight(address validator) external view returns (uint128);

    function totalKghNum(address validator) external view returns (uint128);

    function depositToRegister(address validator, uint128 assets, address withdrawAccount) external;

    function bondValidatorKro(address validator) external;

    function increaseBalanceWithReward(
        address validator,
        uint128 baseReward,
        uint128 boostedReward,
        uint128 validatorReward
    ) external;

    function slashValidatorKro(address loser) external returns (uint128);

    function revertSlashValidatorKro(address loser, uint128 amount) external;

    function payChallengeReward(address recipient, uint128 amount) external;
}
