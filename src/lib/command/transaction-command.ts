import { printOutput } from '../ui/output.js'
import { BaseCommand } from './base.js'

/** Shared tail of every sending command: print the result in the chosen form. */
export abstract class TransactionCommand extends BaseCommand {
  protected emit(output: { json: unknown; text: string }, json: boolean): void {
    printOutput(output, json)
  }
}
