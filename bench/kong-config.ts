/* eslint-disable no-console -- prints the path for the shell */
import { benchKongConfig } from './suite/bench-kong';
import { WORKSPACE_ROOT } from './suite/suite-config';

/**
 * `npm run bench:kong`: writes kong/kong.yml with the bench's one change (the rate limit raised out of reach) to a
 * temporary folder and prints its path, for `TASKHUB_KONG_CONFIG=<path> npm start` (docs/performance.md, "Against a
 * running stack"). The task upstream keeps its one target name, which `npm start` maps to every task-service instance.
 */
console.log(benchKongConfig(WORKSPACE_ROOT, ['task-service:3003']));
