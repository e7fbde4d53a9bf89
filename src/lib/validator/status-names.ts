/** ValidatorManager.getStatus values, in contract order. */
export const STATUS_NAMES = ['NONE', 'EXITED', 'REGISTERED', 'READY', 'INACTIVE', 'ACTIVE'] as const
export type StatusName = (typeof STATUS_NAMES)[number]

export function statusName(code: bigint | number): StatusName {
  const name = STATUS_NAMES[Number(code)]
  if (!name) throw new Error(`Unknown validator status ${code}`)
  return name
}

export function statusAtLeast(status: StatusName, minimum: StatusName): boolean {
  return STATUS_NAMES.indexOf(status) >= STATUS_NAMES.indexOf(minimum)
}
