import { PersonEntity } from '../people/person.entity';

/** Every entity of the task database (the schema itself comes from the migrations). */
export const TASK_ENTITIES = [PersonEntity];
