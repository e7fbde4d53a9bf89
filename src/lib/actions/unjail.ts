import { shortAddress } from '../address.js'
import { formatWhen } from '../format/time.js'
import { validatorManagerCall } from './calls.js'
import { ownValidatorAction, refuse, type Action } from './types.js'

export const unjail: Action<Record<string, never>> = {
  name: 'unjail',
  fromFlags: () => ({}),
  ...ownValidatorAction,
  plan(_input, { snapshot, connection, signer }) {
    const validator = snapshot.validators[0]!
    if (!validator.jailed) {
      throw refuse('NOT_JAILED', `Validator ${shortAddress(signer)} is not jailed; there is nothing to unjail.`)
    }
    if (validator.jailExpiresAt > snapshot.timestamp) {
      throw refuse('JAIL_NOT_OVER', `Validator ${shortAddress(signer)} is jailed until ${formatWhen(validator.jailExpiresAt, snapshot.timestamp)}.`, {
        possibleAt: validator.jailExpiresAt,
        suggestions: ['Run `kroma-validator unjail` again after that time.'],
      })
    }
    return { validator: signer, calls: [validatorManagerCall(connection, 'tryUnjail')], notices: [] }
  },
  outcome: (_before, after) => `Unjailed: ${after.status}.`,
}
