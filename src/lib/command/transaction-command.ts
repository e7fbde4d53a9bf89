import { BaseCommand } from './base.js'

/** Shared tail of every sending command: print the result in the chosen form. */
export abstract class TransactionCommand extends BaseCommand {
  protected emit(output: { json: unknown; text: string }, json: boolean): void {
    if (json) this.printJson(output.json)
    else process.stdout.write(output.text)
  }
}
