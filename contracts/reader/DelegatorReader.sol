// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title DelegatorReader
/// @notice Never deployed: run with eth_call without a `to` address, like SnapshotReader, its
///         constructor reads a delegator's position with one validator at one block (KRO
///         shares and what they are worth, the vault's totals, the KGH delegated and the given
///         KGH tokens) and returns it ABI-encoded as a `Reading`. It needs no address but the
///         AssetManager's: the KRO and KGH tokens are read from it, so the whole position is
///         one call, sent beside the snapshot.
contract DelegatorReader {
    struct Token {
        uint256 id;
        /// @notice False when ownerOf reverts: no such token.
        bool exists;
        address owner;
        address approved;
        uint256 canUndelegateAt;
        /// @notice Delegated by the delegator to the validator: canUndelegateAt is delegatedAt +
        ///         MIN_DELEGATION_PERIOD, and delegatedAt is 0 unless the token is delegated there.
        bool delegatedHere;
    }

    struct Reading {
        uint256 blockNumber;
        address kgh;
        uint256 kroBalance;
        uint256 totalAssets;
        /// @notice previewDelegate(validator, totalAssets + 1): the vault's total shares plus the offset.
        uint256 totalSharesPlusOffset;
        uint256 shares;
        uint256 assets;
        uint256 canUndelegateKroAt;
        uint256 kghCount;
        uint256 kghReward;
        bool approvedForAll;
        Token[] tokens;
    }

    /// @notice Declared for the ABI only: the type of what the constructor returns.
    event Read(Reading reading);

    /// @notice A view of the AssetManager or a token did not answer one word.
    error ContractMissing(address target, bytes4 selector);

    constructor(address am, address validator, address delegator, uint256[] memory tokenIds) {
        Reading memory r;
        r.blockNumber = block.number;
        r.kgh = address(uint160(_read(am, abi.encodeWithSignature("KGH()"))));
        address kro = address(uint160(_read(am, abi.encodeWithSignature("ASSET_TOKEN()"))));
        r.kroBalance = _read(kro, abi.encodeWithSignature("balanceOf(address)", delegator));
        r.totalAssets = _read(am, abi.encodeWithSignature("totalKroAssets(address)", validator));
        r.totalSharesPlusOffset = _read(am, abi.encodeWithSignature("previewDelegate(address,uint128)", validator, r.totalAssets + 1));
        r.shares = _read(am, abi.encodeWithSignature("getKroTotalShareBalance(address,address)", validator, delegator));
        r.assets = _read(am, abi.encodeWithSignature("getKroAssets(address,address)", validator, delegator));
        r.canUndelegateKroAt = _read(am, abi.encodeWithSignature("canUndelegateKroAt(address,address)", validator, delegator));
        r.kghCount = _read(am, abi.encodeWithSignature("getKghNum(address,address)", validator, delegator));
        r.kghReward = _read(am, abi.encodeWithSignature("getKghReward(address,address)", validator, delegator));
        r.approvedForAll = _read(r.kgh, abi.encodeWithSignature("isApprovedForAll(address,address)", delegator, am)) != 0;
        uint256 period = _read(am, abi.encodeWithSignature("MIN_DELEGATION_PERIOD()"));
        r.tokens = new Token[](tokenIds.length);
        for (uint256 i = 0; i < tokenIds.length; ++i) {
            uint256 id = tokenIds[i];
            (bool exists, uint256 owner) = _tryRead(r.kgh, abi.encodeWithSignature("ownerOf(uint256)", id));
            (, uint256 approved) = _tryRead(r.kgh, abi.encodeWithSignature("getApproved(uint256)", id));
            uint256 unlock = _read(am, abi.encodeWithSignature("canUndelegateKghAt(address,address,uint256)", validator, delegator, id));
            r.tokens[i] = Token({
                id: id,
                exists: exists,
                owner: address(uint160(owner)),
                approved: address(uint160(approved)),
                canUndelegateAt: unlock,
                delegatedHere: unlock != period
            });
        }
        bytes memory answer = abi.encode(r);
        assembly {
            return(add(answer, 32), mload(answer))
        }
    }

    /// @dev One word, or a revert naming the view that did not answer.
    function _read(address target, bytes memory data) private view returns (uint256 word) {
        (bool ok, uint256 value) = _tryRead(target, data);
        if (!ok) revert ContractMissing(target, bytes4(data));
        return value;
    }

    /// @dev One word, or false when the call reverts or answers less than a word.
    function _tryRead(address target, bytes memory data) private view returns (bool ok, uint256 word) {
        bytes memory answer;
        (ok, answer) = target.staticcall(data);
        if (!ok || answer.length < 32) return (false, 0);
        return (true, abi.decode(answer, (uint256)));
    }
}
