// The ohm grammar and its semantics, created once on first use and reused: building
// them costs far more than a parse, and the linter parses many scripts.
import * as ohm from 'ohm-js';
import { grammarSource } from './grammar-source.generated.js';
import { addActions } from './semantics.js';

let cached: { grammar: ohm.Grammar; semantics: ohm.Semantics } | undefined;

export function getGrammar(): { grammar: ohm.Grammar; semantics: ohm.Semantics } {
  if (!cached) {
    const grammar = ohm.grammar(grammarSource);
    const semantics = grammar.createSemantics();
    addActions(semantics);
    cached = { grammar, semantics };
  }
  return cached;
}
