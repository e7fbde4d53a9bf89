import { Flags } from '@oclif/core'
import { outputFlags } from '../command/flags.js'

/** Flags of the commands that drive the devnet's chain. Light: command files import it. */
export const devnetFlags = {
  'rpc-url': Flags.string({
    description: "The devnet's RPC URL (default: the one `devnet start` saved). Any other endpoint is refused: these commands only drive that devnet.",
  }),
  ...outputFlags,
}
