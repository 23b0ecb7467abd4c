/** `npm run schema`: writes config/environments.schema.json from the zod schemas. */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { configJsonSchemaText, JSON_SCHEMA_FILE } from './json-schema';

const file = path.resolve(__dirname, '..', '..', '..', JSON_SCHEMA_FILE);
writeFileSync(file, configJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
