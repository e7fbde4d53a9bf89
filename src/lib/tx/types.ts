import type { PlannedCall } from '../actions/types.js'

/** A planned call with what simulation learned about it. */
export interface SimulatedCall extends PlannedCall {
  /** Gas the node estimated; undefined when it can only be estimated once the calls before it are mined. */
  gasEstimate?: bigint
}

export interface FeeSettings {
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

export interface SentTransaction {
  call: PlannedCall
  hash: string
  nonce: number
  explorerUrl?: string
}

export interface MinedTransaction extends SentTransaction {
  status: 'success' | 'reverted'
  blockNumber: number
  gasUsed: bigint
}

/** How the pipeline talks to the operator; the ui layer implements it, the pipeline never prints. */
export interface TxReporter {
  /** Shows what will be sent, with fees and notices, before any confirmation. */
  showPlan(view: PlanView): void
  /** Asks the operator; resolves false when declined. */
  confirm(question: string): Promise<boolean>
  /** The device (Ledger) shows the transaction and waits for the operator. */
  awaitingDevice(): void
  sent(transaction: SentTransaction): void
  waiting(transaction: SentTransaction, confirmations: number): void
  mined(transaction: MinedTransaction): void
  /** Stops any spinner; called on every exit path. */
  done(): void
}

export interface PlanView {
  actionName: string
  networkName?: string
  chainId: number
  signer: string
  signerDescription: string
  validator: string
  calls: SimulatedCall[]
  fees: FeeSettings
  /** Each call's gas limit as it is sent; `assumed` where it can only be estimated once the approve before it is mined. */
  gasLimits: Array<{ gas: bigint; assumed: boolean }>
  /** Upper bound of what all the calls can cost: gas limit x max fee. */
  maxTotalFee: bigint
  notices: string[]
}
