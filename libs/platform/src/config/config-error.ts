/** A setting is missing or wrong: the message names it, for a person, never its value. */
export class ConfigError extends Error {}
