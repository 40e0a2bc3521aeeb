import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Normalises a phone number to E.164 with libphonenumber-js.
 * @param input E.164 (`+14155550199`) or, with `defaultRegion`, a national number (`(415) 555-0199`)
 * @returns the E.164 string, or null when the number is not a valid number for its region
 */
export function toE164(input: string, defaultRegion?: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}
