/**
 * Country outlines for maps, shipped with the app (world-atlas, Natural
 * Earth 1:50m — the scale that still has the small Caribbean states), found
 * by ISO 3166-1 alpha-3 or alpha-2 code, numeric code, or name in English,
 * Spanish or Portuguese (accents, case and a leading "the" ignored).
 * Loaded on first use: it is large, and only maps need it.
 */
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import isoCountries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json';
import spanish from 'i18n-iso-countries/langs/es.json';
import portuguese from 'i18n-iso-countries/langs/pt.json';
import atlas from 'world-atlas/countries-50m.json';
import type { CountryFeature, CountryShapes } from '../compile-spec';

/** "República Dominicana", "the Bahamas" → "republica dominicana", "bahamas". */
export function normalizeCountryName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

export function createCountryShapes(): CountryShapes {
  const topology = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries);
  const byNumeric = new Map<string, CountryFeature>();
  const byName = new Map<string, CountryFeature>();
  for (const shape of collection.features) {
    if (shape.id === undefined) continue; // disputed areas without an ISO code
    const country: CountryFeature = { type: 'Feature', id: String(shape.id), properties: { name: shape.properties.name }, geometry: shape.geometry };
    byNumeric.set(country.id, country);
    byName.set(normalizeCountryName(country.properties.name), country);
  }
  for (const locale of [english, spanish, portuguese]) isoCountries.registerLocale(locale);
  const byCode = new Map<string, CountryFeature>();
  for (const [numeric, alpha2] of Object.entries(isoCountries.getNumericCodes())) {
    const country = byNumeric.get(numeric);
    if (!country) continue;
    byCode.set(alpha2, country);
    const alpha3 = isoCountries.alpha2ToAlpha3(alpha2);
    if (alpha3) byCode.set(alpha3, country);
    for (const language of ['en', 'es', 'pt']) {
      for (const name of isoCountries.getNames(language, { select: 'all' })[alpha2] ?? []) {
        const key = normalizeCountryName(name);
        if (!byName.has(key)) byName.set(key, country);
      }
    }
  }
  return {
    featureFor(key) {
      if (key === null || key === undefined) return undefined;
      const text = String(key).trim();
      if (/^\d{1,3}$/.test(text)) return byNumeric.get(text.padStart(3, '0'));
      return byCode.get(text.toUpperCase()) ?? byName.get(normalizeCountryName(text));
    },
  };
}
