/**
 * The AssetManager's KRO share math, as the contract does it: a virtual offset of 10^6 shares
 * and one virtual wei of assets, every division rounded down.
 */

export const SHARES_OFFSET = 10n ** 6n

/** What a validator's KRO vault holds for its delegators. */
export interface KroVault {
  /** totalKroAssets(validator): delegated KRO plus the delegators' rewards. */
  totalAssets: bigint
  /** The shares of all its delegators. */
  totalShares: bigint
}

/** previewDelegate: the shares `assets` buy now; also the shares undelegate(assets) burns. */
export function sharesFor(assets: bigint, vault: KroVault): bigint {
  return (assets * (vault.totalShares + SHARES_OFFSET)) / (vault.totalAssets + 1n)
}

/** previewUndelegate / getKroAssets: what `shares` are worth now. */
export function assetsFor(shares: bigint, vault: KroVault): bigint {
  return (shares * (vault.totalAssets + 1n)) / (vault.totalShares + SHARES_OFFSET)
}

/**
 * The most KRO one undelegate can take out of a position of `shares`: the largest amount whose
 * shares (rounded down) do not exceed `shares`. What is left is worth less than one wei, so the
 * position is emptied of value. 0 when not even one wei can be taken.
 */
export function maxUndelegateAssets(shares: bigint, vault: KroVault): bigint {
  if (shares === 0n) return 0n
  return ((shares + 1n) * (vault.totalAssets + 1n) - 1n) / (vault.totalShares + SHARES_OFFSET)
}
