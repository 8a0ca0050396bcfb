// Tests read their own output, not the fleet's info logs: in-process simulators and clients log warnings only.
process.env.LOG_LEVEL ??= 'warn';
