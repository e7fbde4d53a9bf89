import { shortAddress } from '../address.js'
import { formatKro } from '../format/amounts.js'
import { validatorManagerCall } from './calls.js'
import { requireNotJailed, requireRegistered } from './checks.js'
import { ownValidatorAction, refuse, type Action } from './types.js'

export const activate: Action<Record<string, never>> = {
  name: 'activate',
  fromFlags: () => ({}),
  ...ownValidatorAction,
  plan(_input, { snapshot, connection, signer }) {
    const validator = snapshot.validators[0]!
    requireRegistered(validator, 'activation')
    requireNotJailed(validator, snapshot, 'activation')
    const who = shortAddress(signer)
    switch (validator.status) {
      case 'ACTIVE':
      case 'INACTIVE':
        throw refuse('ALREADY_ACTIVATED', `Validator ${who} is already in the selection tree (status ${validator.status}); there is nothing to activate.`, {
          suggestions:
            validator.status === 'INACTIVE'
              ? [`Its weight is below ${formatKro(snapshot.params.minActivateAmount)}: deposit more with \`kroma-validator depositKro\`.`]
              : [],
        })
      case 'REGISTERED':
      case 'EXITED': {
        const missing = snapshot.params.minActivateAmount - validator.reflectiveWeight
        throw refuse(
          'WEIGHT_BELOW_MINIMUM',
          `Validator ${who} cannot be activated: its weight ${formatKro(validator.reflectiveWeight)} is below the activation minimum ${formatKro(snapshot.params.minActivateAmount)}.`,
          {
            suggestions: [
              `Deposit at least ${formatKro(missing > 0n ? missing : 0n)} more with \`kroma-validator depositKro\` (it activates by itself when it becomes READY).`,
            ],
          },
        )
      }
      default:
        return { validator: signer, calls: [validatorManagerCall(connection, 'activateValidator')], notices: [] }
    }
  },
  outcome: (_before, after) => `Activated: ${after.status}, weight ${formatKro(after.treeWeight)}.`,
}
