import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * A value the configuration refuses when NODE_ENV=production (a development default in the source, a test-only
 * switch): `refused(value)` says whether this value is one of those; the message follows the variable's name.
 */
export function NotInProduction(refused: (value: unknown) => boolean, message: string): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'notInProduction',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `$property ${message}` },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          return (args.object as { nodeEnv?: string }).nodeEnv !== 'production' || !refused(value);
        },
      },
    });
  };
}
