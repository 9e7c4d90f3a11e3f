#!/usr/bin/env node
'use strict';
require('../dist/cjs/main.js').main(process.argv.slice(2));
