#!/usr/bin/env node
import { buildApp } from './build.ts';
import { ConfigError } from './config.ts';

try {
  buildApp();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
