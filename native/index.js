'use strict';
// Loaded only by src-main/core (through a guarded require): the compiled addon for this platform.
module.exports = require('./build/Release/tandem_native.node');
