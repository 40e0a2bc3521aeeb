import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorDetailsDto, ErrorEnvelopeDto, FieldErrorDto } from './common/api-errors.js';
import { API_KEY_SCHEME } from './common/api-key.guard.js';
import { RETELL_SIGNATURE_SCHEME } from './retell/retell-signature.guard.js';

/**
 * The OpenAPI document of the service (served at `/docs-json`, dumped by `npm run lint:openapi`).
 * Every operation declares its security (the API key, Retell's signature, or none) and its error
 * answers with the `ErrorEnvelope` schema. The one server is relative (`/`): paths carry `/api`.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Retell ATS')
    .setDescription(
      "Connects Retell AI voice agents to the candidate records of a recruitment ATS. Recruiter and frontend endpoints take Authorization: Bearer <API key>; Retell's webhook is authenticated by x-retell-signature. Every error answers with the ErrorEnvelope body.",
    )
    .setVersion('1')
    .addServer('/', 'This service (paths start with /api)')
    .addBearerAuth(API_KEY_SCHEME.scheme, API_KEY_SCHEME.name)
    .addSecurity(RETELL_SIGNATURE_SCHEME.name, RETELL_SIGNATURE_SCHEME.scheme)
    .build();
  // Proprietary, as package.json says; there is no license URL to give.
  config.info.license = { name: 'UNLICENSED' };
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorEnvelopeDto, FieldErrorDto, ErrorDetailsDto] });
}
