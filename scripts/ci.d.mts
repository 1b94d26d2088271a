/** Whether this is a CI run: env `CI` set to anything but '', '0' or 'false' (any case). */
export function isCI(vars?: Record<string, string | undefined>): boolean
