import { ValidateIf } from 'class-validator';

/**
 * The field may be absent, but never null: unlike `@IsOptional()`, a `null` is validated (and
 * refused by the field's type check) instead of reaching a NOT NULL column as a 500.
 */
export const AbsentOrValid = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
