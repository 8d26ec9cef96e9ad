// Every test file runs with whole-project records frozen once read (whole-records.ts freezeWholeRecords):
// a command that changed one in place would throw here instead of writing a journal that misses
// the change.
import { freezeWholeRecords } from '../../src/io/whole-records.js';

freezeWholeRecords();
