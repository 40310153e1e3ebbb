export * from './seed-shape';
export * from './seed-tasks';
export * from './plan-check';
