// The ohm grammar and its semantics, created once on first use and reused: building
// them costs far more than a parse, and the linter parses many scripts. The grammar
// comes from a recipe precompiled from bpftrace.ohm at build time (embed-grammar.mjs):
// ~5 ms instead of ~500 ms to compile the .ohm text.
import * as ohm from 'ohm-js';
import { grammarRecipe } from './grammar-source.generated.js';
import { addActions } from './semantics.js';

// ohm-js exports makeRecipe (its generated bundles use it) but its typings omit it.
const { makeRecipe } = ohm as unknown as { makeRecipe(recipe: string): ohm.Grammar };

let cached: { grammar: ohm.Grammar; semantics: ohm.Semantics } | undefined;

export function getGrammar(): { grammar: ohm.Grammar; semantics: ohm.Semantics } {
  if (!cached) {
    const grammar = makeRecipe(grammarRecipe);
    const semantics = grammar.createSemantics();
    addActions(semantics);
    cached = { grammar, semantics };
  }
  return cached;
}
