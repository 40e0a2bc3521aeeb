import { registerDecorator, type ValidationArguments } from 'class-validator';

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_KEYS = 50;
const MAX_VALUE = 2000;

function isStringRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_KEYS &&
    entries.every(
      ([key, item]) =>
        KEY.test(key) && typeof item === 'string' && item.length <= MAX_VALUE && !item.includes('\u0000'),
    )
  );
}

/**
 * An object of string values, as Retell's `retell_llm_dynamic_variables` requires: at most 50
 * keys, each an identifier, each value a string of at most 2,000 characters.
 */
export function IsStringRecord(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: isStringRecord,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be an object of at most ${MAX_KEYS} identifier keys with string values`,
      },
    });
}
