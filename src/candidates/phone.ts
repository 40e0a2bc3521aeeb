import { getCountryForTimezone } from 'countries-and-timezones';
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

/**
 * The country a national number is read in: the one of the candidate's IANA zone
 * (`America/Chicago` → `US`, `Europe/Paris` → `FR`; a zone several countries share gives its main
 * one, from the countries-and-timezones data), else `fallback` (DEFAULT_PHONE_REGION).
 * @returns an ISO 3166 alpha-2 code, or undefined when neither says one (`Etc/UTC`, no fallback)
 */
export function phoneRegion(zone: string | null | undefined, fallback?: string): string | undefined {
  return (zone ? getCountryForTimezone(zone)?.id : undefined) ?? fallback;
}
