export * from './address-list';
