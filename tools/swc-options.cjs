// One place that turns tsconfig.base.json into SWC options, shared by the build (tools/build.mjs) and Jest,
// so path aliases and decorator metadata behave the same in `dist/` and in tests.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const tsconfig = require(path.join(root, 'tsconfig.base.json'));

/** @returns {import('@swc/core').Options} */
function swcOptions() {
  return {
    sourceMaps: true,
    module: { type: 'commonjs', strict: true },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
  };
}

module.exports = { swcOptions, root };
