#!/usr/bin/env node
// The fleet command. Runs the TypeScript sources through tsx so that a fresh checkout works after `npm ci`;
// the container image runs the compiled dist/apps/cli/main.js instead.
import { register } from 'tsx/esm/api';

register();
await import('../apps/cli/main.ts');
