import { parseAddressList } from '@taskhub/platform-net';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A comma-separated list of IP addresses and CIDR ranges, and the names `loopback`, `linklocal`, `uniquelocal`. */
export function IsAddressList(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isAddressList',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: '$property must list IP addresses, CIDR ranges, loopback, linklocal or uniquelocal, separated by commas', ...options },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || value.trim() === '') return false;
          try {
            parseAddressList(value, { variable: 'value', namedRanges: true });
            return true;
          } catch {
            return false;
          }
        },
      },
    });
  };
}
