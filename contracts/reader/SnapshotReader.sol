// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title SnapshotReader
/// @notice Never deployed: run with eth_call without a `to` address (init code + constructor
///         arguments as data), its constructor reads what the CLI needs about the validator
///         system at one block and returns it ABI-encoded as a `Reading` instead of runtime
///         code. It needs nothing deployed besides the validator system, so it works on any
///         EVM chain. The answer of a constructor is limited to 24,576 bytes (EIP-170): callers
///         split long validator lists over several calls (one validator is 18 words).
contract SnapshotReader {
    struct Params {
        uint256 minRegisterAmount;
        uint256 minActivateAmount;
        uint256 commissionChangeDelaySeconds;
        uint256 softJailPeriodSeconds;
        uint256 hardJailPeriodSeconds;
        uint256 jailThreshold;
        uint256 roundDurationSeconds;
        uint256 commissionRateDenominator;
        uint256 baseReward;
        uint256 bondAmount;
        uint256 minDelegationPeriodSeconds;
        address kroToken;
    }

    /// @notice All zero when no account was asked for.
    struct Account {
        uint256 ethBalance;
        uint256 kroBalance;
        uint256 kroAllowance;
        bool isContract;
    }

    struct Validator {
        uint256 status;
        bool jailed;
        uint256 jailExpiresAt;
        uint256 noSubmissionCount;
        uint256 commissionRate;
        uint256 pendingCommissionRate;
        uint256 canFinalizeCommissionChangeAt;
        uint256 treeWeight;
        address withdrawAccount;
        uint256 canWithdrawAt;
        uint256 totalKro;
        uint256 bondedKro;
        uint256 notBondedKro;
        uint256 delegatedKro;
        uint256 kghCount;
        uint256 reflectiveWeight;
        uint256 ethBalance;
        uint256 kroBalance;
    }

    struct Reading {
        uint256 blockNumber;
        uint256 timestamp;
        uint256 baseFeePerGas;
        uint256 activatedValidatorCount;
        uint256 activatedValidatorTotalWeight;
        address nextValidator;
        Params params;
        Account account;
        Validator[] validators;
    }

    /// @notice Declared for the ABI only: the type of what the constructor returns.
    event Read(Reading reading);

    /// @notice A view that did not answer one word: `target` holds no such contract.
    error ContractMissing(address target, bytes4 selector);

    /// @param account Also read: its ETH and KRO balances, its allowance to the AssetManager
    ///        and whether it holds code (address(0): none).
    /// @dev Writes abi.encode(Reading) word by word (every field is one word and the only
    ///      dynamic part is the array of static Validators at the end): the views answer in
    ///      ABI words already, so each is copied as is, in the order of the structs' fields.
    ///      An ABI encoder and memory structs would triple the init code, which every call
    ///      carries.
    constructor(address vm, address am, address account, address[] memory validators) {
        unchecked {
            uint256 n = validators.length;
            // The tuple's offset, its 23 head words (the last: the offset of the array), the
            // array's length, then 18 words per validator.
            uint256[] memory w = new uint256[](25 + 18 * n);
            _put(w, 0, 0x20);
            _put(w, 1, block.number);
            _put(w, 2, block.timestamp);
            _put(w, 3, block.basefee);
            uint256 k = _readAll(
                w,
                4,
                vm,
                bytes.concat(
                    bytes4(keccak256("activatedValidatorCount()")),
                    bytes4(keccak256("activatedValidatorTotalWeight()")),
                    bytes4(keccak256("nextValidator()")),
                    bytes4(keccak256("MIN_REGISTER_AMOUNT()")),
                    bytes4(keccak256("MIN_ACTIVATE_AMOUNT()")),
                    bytes4(keccak256("COMMISSION_CHANGE_DELAY_SECONDS()")),
                    bytes4(keccak256("SOFT_JAIL_PERIOD_SECONDS()")),
                    bytes4(keccak256("HARD_JAIL_PERIOD_SECONDS()")),
                    bytes4(keccak256("JAIL_THRESHOLD()")),
                    bytes4(keccak256("ROUND_DURATION_SECONDS()")),
                    bytes4(keccak256("COMMISSION_RATE_DENOM()")),
                    bytes4(keccak256("BASE_REWARD()"))
                ),
                address(0)
            );
            k = _readAll(
                w,
                k,
                am,
                bytes.concat(bytes4(keccak256("BOND_AMOUNT()")), bytes4(keccak256("MIN_DELEGATION_PERIOD()")), bytes4(keccak256("ASSET_TOKEN()"))),
                address(0)
            );
            address kro = address(uint160(_get(w, k - 1)));
            bytes4 balanceOf = bytes4(keccak256("balanceOf(address)"));

            if (account != address(0)) {
                _put(w, 19, account.balance);
                _put(w, 20, _read(kro, balanceOf, account, address(0)));
                _put(w, 21, _read(kro, bytes4(keccak256("allowance(address,address)")), account, am));
                // An EIP-7702 delegation designator (0xef0100 + address, 23 bytes) still belongs
                // to an externally owned account.
                uint256 isContract;
                assembly {
                    let size := extcodesize(account)
                    extcodecopy(account, 0, 0, 3)
                    isContract := and(gt(size, 0), iszero(and(eq(size, 23), eq(shr(232, mload(0)), 0xef0100))))
                }
                _put(w, 22, isContract);
            }
            _put(w, 23, 23 * 32);
            _put(w, 24, n);

            bytes memory vmViews = bytes.concat(
                bytes4(keccak256("getStatus(address)")),
                bytes4(keccak256("inJail(address)")),
                bytes4(keccak256("jailExpiresAt(address)")),
                bytes4(keccak256("noSubmissionCount(address)")),
                bytes4(keccak256("getCommissionRate(address)")),
                bytes4(keccak256("getPendingCommissionRate(address)")),
                bytes4(keccak256("canFinalizeCommissionChangeAt(address)")),
                bytes4(keccak256("getWeight(address)"))
            );
            bytes memory amViews = bytes.concat(
                bytes4(keccak256("getWithdrawAccount(address)")),
                bytes4(keccak256("canWithdrawAt(address)")),
                bytes4(keccak256("totalValidatorKro(address)")),
                bytes4(keccak256("totalValidatorKroBonded(address)")),
                bytes4(keccak256("totalValidatorKroNotBonded(address)")),
                bytes4(keccak256("totalKroAssets(address)")),
                bytes4(keccak256("totalKghNum(address)")),
                bytes4(keccak256("reflectiveWeight(address)"))
            );
            k = 25;
            for (uint256 i = 0; i < n; ++i) {
                address v = validators[i];
                k = _readAll(w, k, vm, vmViews, v);
                k = _readAll(w, k, am, amViews, v);
                _put(w, k++, v.balance);
                _put(w, k++, _read(kro, balanceOf, v, address(0)));
            }
            assembly {
                return(add(w, 32), mul(mload(w), 32))
            }
        }
    }

    /// @dev Calls each view of `selectors` (4 bytes each) on `target` with `arg`, into w[k...].
    function _readAll(uint256[] memory w, uint256 k, address target, bytes memory selectors, address arg) private view returns (uint256) {
        unchecked {
            for (uint256 j = 0; j < selectors.length; j += 4) {
                bytes4 selector;
                assembly {
                    selector := and(mload(add(add(selectors, 32), j)), shl(224, 0xffffffff))
                }
                _put(w, k++, _read(target, selector, arg, address(0)));
            }
        }
        return k;
    }

    /// @dev w[k] = value, without a bounds check: every index written is below the length set above.
    function _put(uint256[] memory w, uint256 k, uint256 value) private pure {
        assembly {
            mstore(add(w, shl(5, add(k, 1))), value)
        }
    }

    function _get(uint256[] memory w, uint256 k) private pure returns (uint256 value) {
        assembly {
            value := mload(add(w, shl(5, add(k, 1))))
        }
    }

    /// @dev One word from `target`, called with two address words (a view ignores the words it
    ///      does not take), in scratch memory.
    function _read(address target, bytes4 selector, address a, address b) private view returns (uint256 word) {
        bool ok;
        assembly {
            let free := mload(0x40)
            mstore(0, selector)
            mstore(4, a)
            mstore(36, b)
            ok := staticcall(gas(), target, 0, 68, 0, 32)
            ok := and(ok, gt(returndatasize(), 31))
            word := mload(0)
            mstore(0x40, free)
        }
        if (!ok) revert ContractMissing(target, selector);
    }
}
