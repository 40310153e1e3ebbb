import { registerDecorator, type ValidationOptions } from 'class-validator';

/** `Area/Location` names of the IANA database (and UTC), as Intl knows them; offsets like +01:00 are not names. */
const IANA_NAME = /^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/;

/** The IANA time zone name canonicalised by Intl (`europe/paris` -> `Europe/Paris`), or undefined if unknown. */
export function canonicalTimeZone(value: string): string | undefined {
  if (!IANA_NAME.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The BCP 47 language tag canonicalised by Intl (`en-gb` -> `en-GB`), or undefined if malformed. */
export function canonicalLocale(value: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    return canonical;
  } catch {
    return undefined;
  }
}

function stringRule(name: string, message: string, accept: (value: string) => boolean) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyKey) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyKey as string,
        options: { message, ...options },
        validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= 100 && accept(value) },
      });
}

export const IsIanaTimeZone = stringRule('isIanaTimeZone', '$property must be an IANA time zone name such as Europe/Paris', (v) => canonicalTimeZone(v) !== undefined);
export const IsBcp47Locale = stringRule('isBcp47Locale', '$property must be a BCP 47 language tag such as en-GB', (v) => canonicalLocale(v) !== undefined);
