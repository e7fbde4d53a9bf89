// A catalogue of malformed input across every command and flag, end to end through bin/run.js
// against anvil. Each one must stop before anything is signed:
//   exit 2 — the input itself is malformed or the usage is wrong (the value could never be right);
//   exit 3 — the input is well-formed, but the contract would revert with it (checked on chain).
// In both cases: one clear "Error:" line first, the accepted form where there is one, no stack
// trace, nothing on stdout, and the signer's nonce and the validator unchanged. With --json: one
// JSON document on stdout with error.code/message/suggestions/exitCode, and nothing on stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADDRESS_FORM } from '../../src/lib/address.js'
import { AMOUNT_FORMS, COMMISSION_FORMS } from '../../src/lib/input/amounts.js'
import { RPC_URL_FORM } from '../../src/lib/config/connection.js'
import { GAS_FORMS } from '../../src/lib/tx/fees.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli, type CliResult } from '../helpers/cli.js'
import { KRO, flagsFor, freshAccount, observe, type TestAccount } from '../helpers/e2e.js'

let chain: TestChain
/** An ACTIVE validator at 10%: the default signer, so a case that slipped through could really send. */
let validator: TestAccount
/** A funded account that never registered. */
let stranger: TestAccount

beforeAll(async () => {
  chain = await startTestChain()
  validator = await freshAccount(chain, { kro: KRO(50_000) })
  await chain.registerValidator(validator.privateKey, KRO(20_000), 10)
  stranger = await freshAccount(chain, { kro: KRO(50_000) })
})
afterAll(async () => {
  await chain?.stop()
})

const MNEMONIC = 'test test test test test test test test test test test junk'
const CHECKSUM_TYPO = '0x70997970C51812dc3A010C7d01b50e0d17dc79c8' // last letter's case flipped
const HD_PATH_FORM = "Accepted form: m/44'/60'/0'/0/0."

interface Case {
  name: string
  args: string[]
  exit: 2 | 3
  /** The machine code in --json. */
  code: string
  /** Part of the first line. */
  message: string | RegExp
  /** The accepted form, where there is one (anywhere in the error). */
  accepted?: string
  /** Environment on top of the default signer's key; undefined removes a variable. */
  env?: Record<string, string | undefined>
  /** Connection flags for the test chain are appended unless false. */
  connection?: boolean
  /** Signer other than `validator`. */
  signer?: () => TestAccount
}

const cases: Case[] = [
  // ----------------------------------------------------------------- addresses (exit 2)
  {
    name: 'status: address too short',
    args: ['status', '0x123'],
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'Invalid validator address "0x123"',
    accepted: ADDRESS_FORM,
  },
  {
    name: 'status: address with a trailing character',
    args: ['status', '0x70997970c51812dc3a010c7d01b50e0d17dc79c8X'],
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'Invalid validator address',
    accepted: ADDRESS_FORM,
  },
  {
    name: 'status: mixed-case address with a wrong checksum',
    args: ['status', CHECKSUM_TYPO],
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'its EIP-55 checksum is wrong',
    accepted: ADDRESS_FORM,
  },
  {
    name: 'register: withdraw account is not an address',
    args: ['register', '--amount', '10000KRO', '--commission-rate', '10', '--withdraw-account', 'nope'],
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'Invalid withdraw account "nope"',
    accepted: ADDRESS_FORM,
    signer: () => stranger,
  },
  {
    name: 'withdraw: --validator with non-hex digits',
    args: ['withdraw', '--amount', '1KRO', '--validator', '0xZZ97970C51812dc3A010C7d01b50e0d17dc79C8'],
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'Invalid validator address',
    accepted: ADDRESS_FORM,
  },
  {
    name: '--validator-manager too short',
    args: [
      'status',
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      '--rpc-url',
      'RPC',
      '--validator-manager',
      '0x12',
      '--asset-manager',
      'AM',
      '--chain-id',
      'CHAIN',
    ],
    connection: false,
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'Invalid ValidatorManager address (from --validator-manager) "0x12"',
    accepted: ADDRESS_FORM,
  },
  {
    name: '--asset-manager is a word',
    args: ['depositKro', '--amount', '1KRO', '--rpc-url', 'RPC', '--validator-manager', 'VM', '--asset-manager', 'xyz', '--chain-id', 'CHAIN'],
    connection: false,
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'Invalid AssetManager address (from --asset-manager) "xyz"',
    accepted: ADDRESS_FORM,
  },
  {
    name: 'VALIDATOR_VALMGR_ADDRESS malformed',
    args: ['status', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '--rpc-url', 'RPC', '--asset-manager', 'AM', '--chain-id', 'CHAIN'],
    env: { VALIDATOR_VALMGR_ADDRESS: '0xnothex' },
    connection: false,
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'from VALIDATOR_VALMGR_ADDRESS',
    accepted: ADDRESS_FORM,
  },
  {
    name: 'config set validator: not an address',
    args: ['config', 'set', 'validator', '0xabc'],
    connection: false,
    exit: 2,
    code: 'INVALID_ADDRESS',
    message: 'Invalid validator "0xabc"',
    accepted: ADDRESS_FORM,
  },

  // ----------------------------------------------------------------- amounts (exit 2)
  {
    name: 'depositKro: a decimal without the unit',
    args: ['depositKro', '--amount', '1.5'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Invalid amount "1.5": a decimal needs the KRO unit, e.g. 1.5KRO.',
    accepted: AMOUNT_FORMS,
  },
  {
    name: 'depositKro: a plain number below one KRO (a forgotten unit)',
    args: ['depositKro', '--amount', '5000'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Did you mean 5000KRO? For wei, write 5000wei.',
    accepted: AMOUNT_FORMS,
  },
  {
    name: 'withdraw: thousands separators without a unit',
    args: ['withdraw', '--amount', '1,000'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Did you mean 1000KRO?',
    accepted: 'Or "max" for everything not bonded.',
  },
  {
    name: 'register: wei with a fraction',
    args: ['register', '--amount', '1.5wei', '--commission-rate', '10', '--withdraw-account', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'wei is a whole number',
    accepted: AMOUNT_FORMS,
    signer: () => stranger,
  },
  {
    name: 'depositKro: negative',
    args: ['depositKro', '--amount=-5'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Invalid amount "-5"',
    accepted: AMOUNT_FORMS,
  },
  {
    name: 'depositKro: hex',
    args: ['depositKro', '--amount', '0x10'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Invalid amount "0x10"',
    accepted: AMOUNT_FORMS,
  },
  {
    name: 'depositKro: 19 decimals',
    args: ['depositKro', '--amount', '1.0000000000000000001KRO'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'KRO has at most 18 decimals',
    accepted: AMOUNT_FORMS,
  },
  {
    name: 'depositKro: above uint128',
    args: ['depositKro', '--amount', (1n << 128n).toString()],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'above the largest amount the contracts take',
    accepted: AMOUNT_FORMS,
  },
  { name: 'depositKro: empty', args: ['depositKro', '--amount', ''], exit: 2, code: 'INVALID_AMOUNT', message: 'Invalid amount ""', accepted: AMOUNT_FORMS },
  {
    name: 'depositKro: another unit',
    args: ['depositKro', '--amount', '5ETH'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Invalid amount "5ETH"',
    accepted: AMOUNT_FORMS,
  },
  {
    name: 'register: a word',
    args: ['register', '--amount', 'abc', '--commission-rate', '10', '--withdraw-account', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Invalid amount "abc"',
    accepted: AMOUNT_FORMS,
    signer: () => stranger,
  },
  {
    name: 'withdraw: "maxx"',
    args: ['withdraw', '--amount', 'maxx'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Invalid amount "maxx"',
    accepted: 'Or "max" for everything not bonded.',
  },
  {
    name: 'withdraw: scientific notation',
    args: ['withdraw', '--amount', '1e21'],
    exit: 2,
    code: 'INVALID_AMOUNT',
    message: 'Invalid amount "1e21"',
    accepted: AMOUNT_FORMS,
  },

  // ----------------------------------------------------------------- commission rates (exit 2)
  {
    name: 'register: rate above 100',
    args: ['register', '--amount', '10000KRO', '--commission-rate', '101', '--withdraw-account', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
    exit: 2,
    code: 'INVALID_COMMISSION_RATE',
    message: 'Invalid commission rate "101"',
    accepted: COMMISSION_FORMS,
    signer: () => stranger,
  },
  {
    name: 'changeCommission init: negative rate',
    args: ['changeCommission', 'init', '--commission-rate=-1'],
    exit: 2,
    code: 'INVALID_COMMISSION_RATE',
    message: 'Invalid commission rate "-1"',
    accepted: COMMISSION_FORMS,
  },
  {
    name: 'changeCommission init: fractional rate',
    args: ['changeCommission', 'init', '--commission-rate', '1.5'],
    exit: 2,
    code: 'INVALID_COMMISSION_RATE',
    message: 'Invalid commission rate "1.5"',
    accepted: COMMISSION_FORMS,
  },
  {
    name: 'change-commission init: a word',
    args: ['change-commission', 'init', '--commission-rate', 'ten'],
    exit: 2,
    code: 'INVALID_COMMISSION_RATE',
    message: 'Invalid commission rate "ten"',
    accepted: COMMISSION_FORMS,
  },

  // ----------------------------------------------------------------- HD paths (exit 2)
  {
    name: '--hd-path with a letter (mnemonic signer)',
    args: ['depositKro', '--amount', '1KRO', '--hd-path', "m/44'/60'/0'/0/x"],
    env: { VALIDATOR_PRIVATE_KEY: undefined, VALIDATOR_MNEMONIC: MNEMONIC },
    exit: 2,
    code: 'INVALID_HD_PATH',
    message: `Invalid derivation path "m/44'/60'/0'/0/x"`,
    accepted: HD_PATH_FORM,
  },
  {
    name: '--hd-path m/44/60/0/0/0 (a shell ate the apostrophes)',
    args: ['depositKro', '--amount', '1KRO', '--hd-path', 'm/44/60/0/0/0'],
    env: { VALIDATOR_PRIVATE_KEY: undefined, VALIDATOR_MNEMONIC: MNEMONIC },
    exit: 2,
    code: 'INVALID_HD_PATH',
    message: `Invalid derivation path "m/44/60/0/0/0": an account path starts with the hardened m/44'/60'/`,
    accepted: HD_PATH_FORM,
  },
  {
    name: 'config set hd-path m/44/60',
    args: ['config', 'set', 'hd-path', 'm/44/60'],
    connection: false,
    exit: 2,
    code: 'INVALID_HD_PATH',
    message: 'Invalid derivation path "m/44/60"',
    accepted: HD_PATH_FORM,
  },
  {
    name: 'VALIDATOR_HD_PATH garbage (mnemonic signer)',
    args: ['unjail'],
    env: { VALIDATOR_PRIVATE_KEY: undefined, VALIDATOR_MNEMONIC: MNEMONIC, VALIDATOR_HD_PATH: 'garbage' },
    exit: 2,
    code: 'INVALID_HD_PATH',
    message: 'Invalid derivation path "garbage"',
    accepted: HD_PATH_FORM,
  },
  {
    name: 'config set hd-path: not a path',
    args: ['config', 'set', 'hd-path', "44'/60'"],
    connection: false,
    exit: 2,
    code: 'INVALID_HD_PATH',
    message: 'Invalid derivation path',
    accepted: HD_PATH_FORM,
  },
  {
    name: '--ledger-index without --ledger',
    args: ['activate', '--ledger-index', '2'],
    exit: 2,
    code: 'LEDGER_INDEX_WITHOUT_LEDGER',
    message: /^Error: --ledger-index selects a Ledger account, so it needs --ledger\.$/,
    accepted: 'Add --ledger, or leave out --ledger-index.',
  },
  {
    name: '--ledger-index negative',
    args: ['activate', '--ledger', '--ledger-index=-1'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Expected an integer greater than or equal to 0 but received: -1',
  },

  // ----------------------------------------------------------------- RPC URLs (exit 2)
  {
    name: '--rpc-url with an ftp scheme',
    args: [
      'status',
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      '--rpc-url',
      'ftp://example.com',
      '--validator-manager',
      'VM',
      '--asset-manager',
      'AM',
      '--chain-id',
      'CHAIN',
    ],
    connection: false,
    exit: 2,
    code: 'INVALID_RPC_URL',
    message: 'Unsupported RPC URL scheme "ftp:" (from --rpc-url)',
    accepted: RPC_URL_FORM,
  },
  {
    name: '--rpc-url not a URL',
    args: ['depositKro', '--amount', '1KRO', '--rpc-url', 'notaurl', '--validator-manager', 'VM', '--asset-manager', 'AM', '--chain-id', 'CHAIN'],
    connection: false,
    exit: 2,
    code: 'INVALID_RPC_URL',
    message: 'Invalid RPC URL (from --rpc-url)',
    accepted: RPC_URL_FORM,
  },
  {
    name: 'VALIDATOR_L1_ETH_RPC with a websocket scheme',
    args: ['status', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '--validator-manager', 'VM', '--asset-manager', 'AM', '--chain-id', 'CHAIN'],
    env: { VALIDATOR_L1_ETH_RPC: 'ws://127.0.0.1:8546' },
    connection: false,
    exit: 2,
    code: 'INVALID_RPC_URL',
    message: 'Unsupported RPC URL scheme "ws:" (from VALIDATOR_L1_ETH_RPC)',
    accepted: RPC_URL_FORM,
  },
  {
    name: 'config set rpc-url: not a URL',
    args: ['config', 'set', 'rpc-url', 'localhost:8545'],
    connection: false,
    exit: 2,
    code: 'INVALID_RPC_URL',
    message: 'Invalid RPC URL',
    accepted: RPC_URL_FORM,
  },

  // ----------------------------------------------------------------- numbers out of range (exit 2)
  {
    name: '--confirmations 0',
    args: ['depositKro', '--amount', '1KRO', '--confirmations', '0'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --confirmations: Expected an integer greater than or equal to 1 but received: 0',
  },
  {
    name: '--confirmations 101',
    args: ['activate', '--confirmations', '101'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --confirmations: Expected an integer less than or equal to 100 but received: 101',
  },
  {
    name: '--confirmations abc',
    args: ['unjail', '--confirmations', 'abc'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --confirmations: Expected an integer but received: abc',
  },
  {
    name: '--timeout 0',
    args: ['depositKro', '--amount', '1KRO', '--timeout', '0'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --timeout: Expected an integer greater than or equal to 1 but received: 0',
  },
  {
    name: '--timeout above a day',
    args: ['changeCommission', 'finalize', '--timeout', '86401'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --timeout: Expected an integer less than or equal to 86400 but received: 86401',
  },
  {
    name: '--nonce -1',
    args: ['depositKro', '--amount', '1KRO', '--nonce=-1'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --nonce: Expected an integer greater than or equal to 0 but received: -1',
  },
  {
    name: '--nonce abc',
    args: ['withdraw', '--amount', 'max', '--nonce', 'abc'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --nonce: Expected an integer but received: abc',
  },
  {
    name: '--gas-limit below 21000',
    args: ['depositKro', '--amount', '1KRO', '--gas-limit', '100'],
    exit: 2,
    code: 'INVALID_GAS_LIMIT',
    message: 'Invalid --gas-limit "100"',
    accepted: 'Accepted form: a whole number of gas from 21000, e.g. 300000.',
  },
  {
    name: '--gas-limit abc',
    args: ['unjail', '--gas-limit', 'abc'],
    exit: 2,
    code: 'INVALID_GAS_LIMIT',
    message: 'Invalid --gas-limit "abc"',
    accepted: 'Accepted form: a whole number of gas from 21000',
  },
  {
    name: '--max-fee-per-gas abc',
    args: ['depositKro', '--amount', '1KRO', '--max-fee-per-gas', 'abc'],
    exit: 2,
    code: 'INVALID_FEE',
    message: 'Invalid --max-fee-per-gas "abc"',
    accepted: GAS_FORMS,
  },
  {
    name: '--max-fee-per-gas decimal without a unit',
    args: ['activate', '--max-fee-per-gas', '1.5'],
    exit: 2,
    code: 'INVALID_FEE',
    message: 'Invalid --max-fee-per-gas "1.5"',
    accepted: GAS_FORMS,
  },
  {
    name: '--max-priority-fee-per-gas negative',
    args: ['depositKro', '--amount', '1KRO', '--max-priority-fee-per-gas=-1'],
    exit: 2,
    code: 'INVALID_FEE',
    message: 'Invalid --max-priority-fee-per-gas "-1"',
    accepted: GAS_FORMS,
  },
  {
    name: 'max fee below the priority fee',
    args: ['depositKro', '--amount', '1KRO', '--max-fee-per-gas', '1gwei', '--max-priority-fee-per-gas', '2gwei'],
    exit: 2,
    code: 'INVALID_FEE',
    message: '--max-fee-per-gas (1000000000 wei) is below --max-priority-fee-per-gas (2000000000 wei)',
  },
  {
    name: '--rpc-timeout 0',
    args: ['status', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '--rpc-timeout', '0'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --rpc-timeout: Expected an integer greater than or equal to 1 but received: 0',
  },
  {
    name: '--chain-id 0',
    args: ['depositKro', '--amount', '1KRO', '--rpc-url', 'RPC', '--validator-manager', 'VM', '--asset-manager', 'AM', '--chain-id', '0'],
    connection: false,
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Parsing --chain-id: Expected an integer greater than or equal to 1 but received: 0',
  },

  // ----------------------------------------------------------------- usage (exit 2)
  { name: 'unknown flag (a typo)', args: ['depositKro', '--amout', '5'], exit: 2, code: 'INVALID_USAGE', message: 'Nonexistent flag: --amout' },
  {
    name: 'a flag of another command',
    args: ['activate', '--commission-rate', '5'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Nonexistent flag: --commission-rate',
  },
  { name: 'missing required --amount', args: ['depositKro'], exit: 2, code: 'INVALID_USAGE', message: 'Missing required flag amount' },
  {
    name: 'missing required --withdraw-account',
    args: ['register', '--amount', '10000KRO', '--commission-rate', '10'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Missing required flag withdraw-account',
    signer: () => stranger,
  },
  {
    name: 'missing required --commission-rate',
    args: ['changeCommission', 'init'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Missing required flag commission-rate',
  },
  { name: 'unknown command', args: ['frobnicate'], connection: false, exit: 2, code: 'UNKNOWN_COMMAND', message: 'Unknown command "frobnicate".' },
  {
    name: 'unknown subcommand',
    args: ['changeCommission', 'start', '--commission-rate', '5'],
    connection: false,
    exit: 2,
    code: 'UNKNOWN_COMMAND',
    message: 'Unknown command "changeCommission start".',
  },
  {
    name: '--keystore with --ledger',
    args: ['depositKro', '--amount', '1KRO', '--keystore', '/nonexistent/key.json', '--ledger'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'cannot also be provided when using --keystore',
  },
  {
    name: '--password-file without --keystore',
    args: ['unjail', '--password-file', '/nonexistent/pw'],
    exit: 2,
    code: 'INVALID_USAGE',
    message: '--password-file',
  },
  {
    name: 'config set: unknown key (a private key attempt)',
    args: ['config', 'set', 'private-key', 'whatever'],
    connection: false,
    exit: 2,
    code: 'UNKNOWN_CONFIG_KEY',
    message: 'Unknown configuration key "private-key"',
    accepted: 'Keys: network, rpc-url, validator-manager, asset-manager, hd-path, keystore, validator, validator-pool.',
  },
  {
    name: 'config set: value missing',
    args: ['config', 'set', 'rpc-url'],
    connection: false,
    exit: 2,
    code: 'INVALID_USAGE',
    message: 'Missing 1 required arg: value.',
  },
  {
    name: 'config set: key and value missing',
    args: ['config', 'set'],
    connection: false,
    exit: 2,
    code: 'INVALID_USAGE',
    message: /^Error: Missing 2 required args: key, value\.$/,
  },
  {
    name: 'config get: unknown key',
    args: ['config', 'get', 'password'],
    connection: false,
    exit: 2,
    code: 'UNKNOWN_CONFIG_KEY',
    message: 'Unknown configuration key "password"',
  },

  // ----------------------------------------------------------------- environment (exit 2)
  {
    name: 'VALIDATOR_PRIVATE_KEY=xyz',
    args: ['depositKro', '--amount', '1KRO'],
    env: { VALIDATOR_PRIVATE_KEY: 'xyz' },
    exit: 2,
    code: 'INVALID_PRIVATE_KEY',
    message: 'VALIDATOR_PRIVATE_KEY is not a private key.',
    accepted: 'Accepted form: 64 hex digits, with or without 0x.',
  },
  {
    name: 'VALIDATOR_PRIVATE_KEY of 63 hex digits',
    args: ['activate'],
    env: { VALIDATOR_PRIVATE_KEY: `0x${'ab'.repeat(31)}c` },
    exit: 2,
    code: 'INVALID_PRIVATE_KEY',
    message: 'VALIDATOR_PRIVATE_KEY is not a private key.',
    accepted: 'Accepted form: 64 hex digits',
  },
  {
    name: 'VALIDATOR_PRIVATE_KEY zero (outside the curve order)',
    args: ['unjail'],
    env: { VALIDATOR_PRIVATE_KEY: `0x${'0'.repeat(64)}` },
    exit: 2,
    code: 'INVALID_PRIVATE_KEY',
    message: 'VALIDATOR_PRIVATE_KEY is not a valid secp256k1 private key.',
  },
  {
    name: 'VALIDATOR_MNEMONIC of 3 words',
    args: ['depositKro', '--amount', '1KRO'],
    env: { VALIDATOR_PRIVATE_KEY: undefined, VALIDATOR_MNEMONIC: 'abandon abandon abandon' },
    exit: 2,
    code: 'INVALID_MNEMONIC',
    message: 'VALIDATOR_MNEMONIC is not a valid BIP-39 mnemonic',
    accepted: '12 to 24 English words with a valid checksum',
  },
  {
    name: 'VALIDATOR_MNEMONIC with a bad checksum',
    args: ['activate'],
    env: { VALIDATOR_PRIVATE_KEY: undefined, VALIDATOR_MNEMONIC: 'test test test test test test test test test test test test' },
    exit: 2,
    code: 'INVALID_MNEMONIC',
    message: 'VALIDATOR_MNEMONIC is not a valid BIP-39 mnemonic',
  },
  {
    name: 'both VALIDATOR_PRIVATE_KEY and VALIDATOR_MNEMONIC',
    args: ['depositKro', '--amount', '1KRO'],
    env: { VALIDATOR_MNEMONIC: MNEMONIC },
    exit: 2,
    code: 'AMBIGUOUS_SIGNER',
    message: 'Both VALIDATOR_PRIVATE_KEY and VALIDATOR_MNEMONIC are set',
  },
  {
    name: 'KROMA_CHAIN_ID=abc',
    args: ['status', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '--rpc-url', 'RPC', '--validator-manager', 'VM', '--asset-manager', 'AM'],
    env: { KROMA_CHAIN_ID: 'abc' },
    connection: false,
    exit: 2,
    code: 'INVALID_CHAIN_ID',
    message: 'Invalid KROMA_CHAIN_ID "abc"',
    accepted: 'Accepted form: a positive whole number, e.g. 1 or 11155111.',
  },
  {
    name: 'KROMA_VALIDATOR_POLL_MS=abc',
    args: ['unjail'],
    env: { KROMA_VALIDATOR_POLL_MS: 'abc' },
    exit: 2,
    code: 'INVALID_POLL_INTERVAL',
    message: 'KROMA_VALIDATOR_POLL_MS="abc" is not a polling interval.',
    accepted: 'Accepted form: whole milliseconds from 10 to 60000, e.g. 1000.',
  },
  {
    name: 'KROMA_NETWORK that does not exist',
    args: ['depositKro', '--amount', '1KRO', '--rpc-url', 'RPC'],
    env: { KROMA_NETWORK: 'atlantis' },
    connection: false,
    exit: 2,
    code: 'UNKNOWN_NETWORK',
    message: 'Unknown network "atlantis" (from KROMA_NETWORK).',
    accepted: 'Known networks: mainnet, sepolia.',
  },
  {
    name: '--network that does not exist',
    args: ['status', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '--network', 'atlantis', '--rpc-url', 'RPC'],
    connection: false,
    exit: 2,
    code: 'UNKNOWN_NETWORK',
    message: 'Unknown network "atlantis" (from --network)',
    accepted: 'Known networks: mainnet, sepolia.',
  },
  {
    name: '--chain-id that contradicts --network',
    args: ['status', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '--network', 'sepolia', '--chain-id', '1', '--rpc-url', 'RPC'],
    connection: false,
    exit: 2,
    code: 'NETWORK_MISMATCH',
    message: 'Chain id 1 contradicts network sepolia (chain 11155111).',
  },

  // ----------------------------------------------------------------- well-formed, but the contract would revert (exit 3)
  {
    name: 'depositKro of zero (AssetManager reverts NotAllowedZeroInput)',
    args: ['depositKro', '--amount', '0'],
    exit: 3,
    code: 'ZERO_AMOUNT',
    message: 'The deposit amount is zero',
  },
  {
    name: 'register below the minimum (InsufficientAsset)',
    args: ['register', '--amount', '10KRO', '--commission-rate', '5', '--withdraw-account', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
    signer: () => stranger,
    exit: 3,
    code: 'AMOUNT_BELOW_MINIMUM',
    message: '10 KRO is below the minimum to register',
  },
  {
    name: 'register with the zero address as withdraw account (ZeroAddress)',
    args: ['register', '--amount', '10000KRO', '--commission-rate', '5', '--withdraw-account', '0x0000000000000000000000000000000000000000'],
    signer: () => stranger,
    exit: 3,
    code: 'ZERO_WITHDRAW_ACCOUNT',
    message: /withdraw account/i,
  },
  {
    name: 'register twice (ImproperValidatorStatus)',
    args: ['register', '--amount', '10000KRO', '--commission-rate', '5', '--withdraw-account', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
    exit: 3,
    code: 'ALREADY_REGISTERED',
    message: 'is already registered',
  },
  {
    name: 'changeCommission init to the current rate (SameCommissionRate)',
    args: ['changeCommission', 'init', '--commission-rate', '10'],
    exit: 3,
    code: 'SAME_COMMISSION_RATE',
    message: 'is already 10%',
  },
  {
    name: 'changeCommission finalize with nothing pending',
    args: ['changeCommission', 'finalize'],
    exit: 3,
    code: 'NO_PENDING_COMMISSION_CHANGE',
    message: 'No commission change is pending',
  },
  { name: 'unjail a validator that is not jailed', args: ['unjail'], exit: 3, code: 'NOT_JAILED', message: /not (in )?jail/i },
  { name: 'activate an ACTIVE validator', args: ['activate'], exit: 3, code: 'ALREADY_ACTIVATED', message: /already/i },
  {
    name: 'depositKro by an address that never registered',
    args: ['depositKro', '--amount', '1KRO'],
    signer: () => stranger,
    exit: 3,
    code: 'NOT_REGISTERED',
    message: 'is not a registered validator',
  },
]

const placeholders = (): Record<string, string> => ({
  RPC: chain.rpcUrl,
  VM: chain.addresses.validatorManager,
  AM: chain.addresses.assetManager,
  CHAIN: String(chain.chainId),
})

function invocation(entry: Case, json: boolean): { args: string[]; env: Record<string, string | undefined> } {
  const values = placeholders()
  const args = entry.args.map((arg) => values[arg] ?? arg)
  const signer = entry.signer?.() ?? validator
  return {
    args: [...args, ...(entry.connection === false ? [] : flagsFor(chain)), ...(json ? ['--json'] : [])],
    env: { VALIDATOR_PRIVATE_KEY: signer.privateKey, ...entry.env },
  }
}

function run(entry: Case, json: boolean): Promise<CliResult> {
  const { args, env } = invocation(entry, json)
  return runCli(args, { env, timeoutMs: 30_000 })
}

const occurrences = (text: string, part: string) => text.split(part).length - 1
const matches = (text: string, expected: string | RegExp) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text))

describe('bad input: a catalogue', () => {
  it('has at least 40 entries across every command', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
    const commands = new Set(
      cases.map((entry) =>
        entry.args.slice(0, entry.args[0] === 'changeCommission' || entry.args[0] === 'change-commission' || entry.args[0] === 'config' ? 2 : 1).join(' '),
      ),
    )
    for (const command of [
      'status',
      'register',
      'depositKro',
      'activate',
      'withdraw',
      'changeCommission init',
      'changeCommission finalize',
      'unjail',
      'config set',
      'config get',
    ])
      expect(commands).toContain(command)
    expect(new Set(cases.map((entry) => entry.name)).size).toBe(cases.length)
  })

  it.concurrent.each(cases.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const before = await Promise.all([observe(chain, validator.address), observe(chain, stranger.address)])

    const text = await run(entry, false)
    const lines = text.stderr.replace(/\n$/, '').split('\n')
    expect(text.exitCode, `stderr:\n${text.stderr}\nstdout:\n${text.stdout}`).toBe(entry.exit)
    expect(lines[0], text.stderr).toMatch(/^Error: \S/)
    expect(matches(lines[0]!, entry.message), `first line: ${lines[0]}`).toBe(true)
    // After the reason, only suggestions; never a stack trace.
    for (const line of lines.slice(1)) expect(line, text.stderr).toMatch(/^ {2}→ /)
    expect(text.stderr).not.toMatch(/^\s+at /m)
    // The accepted form once: not in the reason and again as the suggestion.
    if (entry.accepted !== undefined) expect(occurrences(text.stderr, entry.accepted), text.stderr).toBe(1)
    expect(occurrences(text.stderr, 'Accepted form'), text.stderr).toBeLessThanOrEqual(1)
    expect(text.stdout).toBe('')

    const json = await run(entry, true)
    expect(json.exitCode, json.stdout).toBe(entry.exit)
    expect(json.stderr).toBe('')
    const document = JSON.parse(json.stdout) as { error: { code: string; message: string; suggestions: string[]; exitCode: number } }
    expect(Object.keys(document)).toEqual(['error'])
    expect(document.error).toMatchObject({ code: entry.code, exitCode: entry.exit })
    expect(document.error.message).toBe(lines[0]!.slice('Error: '.length))
    expect(Array.isArray(document.error.suggestions)).toBe(true)
    for (const suggestion of document.error.suggestions) expect(typeof suggestion).toBe('string')
    if (entry.accepted !== undefined) expect(occurrences([document.error.message, ...document.error.suggestions].join('\n'), entry.accepted)).toBe(1)

    // Nothing was sent or changed: nonces (mined and pending) and every field of the validator.
    expect(await Promise.all([observe(chain, validator.address), observe(chain, stranger.address)])).toEqual(before)
  })
})

describe('bad input: nothing reached the chain', () => {
  it('after the whole catalogue, neither signer has sent a transaction', async () => {
    // The stranger was only funded by the harness (anvil_setBalance, mint); the validator sent its
    // approve and registerValidator through the chain helper, nothing since.
    expect(await chain.provider.getTransactionCount(stranger.address, 'pending')).toBe(0)
    expect(await chain.provider.getTransactionCount(validator.address, 'pending')).toBe(2)
  })
})
