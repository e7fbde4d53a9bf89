import chalk from 'chalk'

/**
 * chalk as every view uses it (ora shares this instance). chalk reads FORCE_COLOR and whether the
 * stream is a terminal, but not NO_COLOR (https://no-color.org): any non-empty NO_COLOR turns
 * colour off here, unless FORCE_COLOR asks for it (as in Node itself, FORCE_COLOR wins).
 */
if (process.env.NO_COLOR && process.env.FORCE_COLOR === undefined) chalk.level = 0

export default chalk
