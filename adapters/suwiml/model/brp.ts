// BRPDossierPersoonGSD v0200 (AanvraagPersoonResponse), from schemas/suwiml/Diensten/BRPDossierPersoonGSD/v0200-b02/BodyReaction.xsd.
import { z } from 'zod';
import { def, many, opt, datum, tekst } from './common.ts';

const OnderzoekGeg = def('BrpOnderzoekGeg', 'OnderzoekGeg: an investigation (onderzoek) into this group of data, with its period.', z.strictObject({
  aanduidingOnderzoek: opt(tekst),
  datBOnderzoek: opt(datum),
  datEOnderzoek: opt(datum),
}));
const OnjuistGeg = def('BrpOnjuistGeg', 'OnjuistGeg: the historic data was incorrect (or contrary to public order).', z.strictObject({
  cdOnjuistStrijdigMetOpenbareOrde: opt(tekst),
}));
const Geldigheid = def('BrpGeldigheid', 'Geldigheid: the date from which the data is valid.', z.strictObject({
  datGeldigheidGegevens: opt(datum),
}));
const Titulatuur = def('BrpTitulatuur', 'Titulatuur: adellijke titel of predikaat.', z.strictObject({
  cdAdellijkeTitelPredikaat: opt(tekst),
}));

const naam = {
  voornamen: opt(tekst),
  voorvoegsel: opt(tekst),
  significantDeelVanDeAchternaam: opt(tekst),
  geboortedat: opt(datum),
  burgerservicenr: opt(tekst),
  aNr: opt(tekst),
};

const Straatadres = def('BrpStraatadres', 'Straatadres (BRP): a Dutch address with its BAG identifications.', z.strictObject({
  locatieoms: opt(tekst),
  postcd: opt(tekst),
  woonplaatsnaam: opt(tekst),
  gemeentedeel: opt(tekst),
  straatnaam: opt(tekst),
  naamOpenbareRuimte: opt(tekst),
  huisnr: opt(tekst),
  huisletter: opt(tekst),
  huisnrtoevoeging: opt(tekst),
  aanduidingBijHuisnr: opt(tekst),
  identificatiecdVerblijfplaats: opt(tekst),
  identificatiecdNraanduiding: opt(tekst),
}));

const Nationaliteit = z.strictObject({
  cdNationaliteit: opt(tekst),
  onderzoekGegNationaliteit: opt(OnderzoekGeg),
  cdBijzonderNederlanderschap: opt(tekst),
  geldigheidGegevensNationaliteit: opt(Geldigheid),
});
const NationaliteitHistorisch = z.strictObject({
  cdNationaliteit: opt(tekst),
  onderzoekGegNationaliteit: opt(OnderzoekGeg),
  onjuistGegNationaliteit: opt(OnjuistGeg),
  cdBijzonderNederlanderschap: opt(tekst),
  geldigheidGegevensNationaliteit: opt(Geldigheid),
});

const Verblijfstitel = z.strictObject({
  cdVerblijfstitel: opt(tekst),
  datBVerblijfstitel: opt(datum),
  datEVerblijfstitel: opt(datum),
  onderzoekGegVerblijfstitel: opt(OnderzoekGeg),
  geldigheidGegevensVerblijfstitel: opt(Geldigheid),
});
const VerblijfstitelHistorisch = z.strictObject({
  cdVerblijfstitel: opt(tekst),
  datBVerblijfstitel: opt(datum),
  datEVerblijfstitel: opt(datum),
  onderzoekGegVerblijfstitel: opt(OnderzoekGeg),
  onjuistGegVerblijfstitel: opt(OnjuistGeg),
  geldigheidGegevensVerblijfstitel: opt(Geldigheid),
});

const FeitelijkAdresBuitenland = z.strictObject({
  datBAdresBuitenland: opt(datum),
  landAdresBuitenland: opt(tekst),
  adresregel1Buitenland: opt(tekst),
  adresregel2Buitenland: opt(tekst),
  adresregel3Buitenland: opt(tekst),
});
const Immigratie = z.strictObject({
  datVestigingNederland: opt(datum),
  landVanwaarIngeschreven: opt(tekst),
});
const AangifteAdreshoudingBrp = z.strictObject({
  cdGemeenteVanInschrijving: opt(tekst),
  datVanInschrijvingBijGemeente: opt(datum),
  datBAdreshoudingBrp: opt(datum),
});

const VerblijfplaatsHistorisch = z.strictObject({
  domicilieAdres: opt(Straatadres),
  correspondentieadres: opt(Straatadres),
  feitelijkAdresBuitenland: many(z.strictObject({ datBAdresBuitenland: opt(datum), landAdresBuitenland: opt(tekst) })),
  immigratie: opt(Immigratie),
  aangifteAdreshoudingBrp: opt(AangifteAdreshoudingBrp),
  onderzoekGegVerblijfplaats: opt(OnderzoekGeg),
  onjuistGegVerblijfplaats: opt(OnjuistGeg),
});

const Overlijden = z.strictObject({
  datOverlijden: opt(datum),
  onderzoekGegOverlijden: opt(OnderzoekGeg),
  cdGemeenteOverlijden: opt(tekst),
  plaatsOverlijden: opt(tekst),
  landOverlijden: opt(tekst),
});

const Ouder1 = z.strictObject({ ...naam, titulatuur: opt(Titulatuur), datBFamilierechtelijkeBetrekking: opt(datum), onderzoekGegOuder1: opt(OnderzoekGeg) });
const Ouder2 = z.strictObject({ ...naam, titulatuur: opt(Titulatuur), datBFamilierechtelijkeBetrekking: opt(datum), onderzoekGegOuder2: opt(OnderzoekGeg) });

const Partner = z.strictObject({
  ...naam,
  cdGeboortegemeente: opt(tekst),
  geboorteplaats: opt(tekst),
  geboorteland: opt(tekst),
  titulatuur: opt(Titulatuur),
});

const Huwelijk = z.strictObject({
  datHuwelijkssluiting: opt(datum),
  onderzoekGegHuwelijk: opt(OnderzoekGeg),
  partner: opt(Partner),
  cdGemeenteHuwelijkssluiting: opt(tekst),
  plaatsHuwelijkssluiting: opt(tekst),
  landHuwelijkssluiting: opt(tekst),
  datOntbindingHuwelijk: opt(datum),
  cdGemeenteOntbindingHuwelijk: opt(tekst),
  plaatsOntbindingHuwelijk: opt(tekst),
  landOntbindingHuwelijk: opt(tekst),
  cdRedenOntbindingHuwelijk: opt(tekst),
});
const HuwelijkHistorisch = z.strictObject({
  datHuwelijkssluiting: opt(datum),
  onderzoekGegHuwelijk: opt(OnderzoekGeg),
  onjuistGegHuwelijk: opt(OnjuistGeg),
  partner: opt(z.strictObject({ burgerservicenr: opt(tekst), aNr: opt(tekst) })),
});

const Kind = z.strictObject({ ...naam, titulatuur: opt(Titulatuur), onderzoekGegKind: opt(OnderzoekGeg), geldigheidGegevensKind: opt(Geldigheid) });

const Gezagsverhouding = z.strictObject({
  cdGezagMinderjarige: opt(tekst),
  indCuratelestelling: opt(tekst),
  onderzoekGegGezag: opt(OnderzoekGeg),
});

const InschrijvingsgegevensBrp = z.strictObject({
  datOpschortingBijhoudingPl: opt(datum),
  cdRedenOpschortingBijhoudingPl: opt(tekst),
  cdGemeenteWaarPkZichBevindt: opt(tekst),
  verificatieRni: opt(z.strictObject({ datVerificatieRni: opt(datum), omsVerificatieRni: opt(tekst) })),
  cdPkVolledigGeconverteerd: opt(tekst),
  rniDeelnemer: opt(z.strictObject({ cdRniDeelnemer: opt(tekst), omsVerdragRniDeelnemer: opt(tekst) })),
});

const ClientSuwiHistorisch = z.strictObject({
  ...naam,
  onderzoekGegPersoon: opt(OnderzoekGeg),
  onjuistGegPersoon: opt(OnjuistGeg),
  geldigheidGegevensPersoon: opt(Geldigheid),
});

const ClientSuwi = def('BrpClientSuwi', 'ClientSuwi (BRP): one person as the BRP has it, with history.', z.strictObject({
  voornamen: opt(tekst),
  voorvoegsel: opt(tekst),
  significantDeelVanDeAchternaam: opt(tekst),
  geboortedat: opt(datum),
  burgerservicenr: opt(tekst),
  cdBrpGegevensGeheim: opt(tekst),
  aNr: opt(tekst),
  aanduidingNaamgebruik: opt(tekst),
  geslacht: opt(tekst),
  cdGeboortegemeente: opt(tekst),
  geboorteplaats: opt(tekst),
  geboorteland: opt(tekst),
  titulatuur: opt(Titulatuur),
  onderzoekGegPersoon: opt(OnderzoekGeg),
  geldigheidGegevensPersoon: opt(Geldigheid),
  clientSuwiHistorisch: many(ClientSuwiHistorisch),
  nationaliteit: many(Nationaliteit),
  nationaliteitHistorisch: many(NationaliteitHistorisch),
  verblijfstitel: opt(Verblijfstitel),
  verblijfstitelHistorisch: many(VerblijfstitelHistorisch),
  domicilieAdres: opt(Straatadres),
  correspondentieadres: opt(Straatadres),
  feitelijkAdresBuitenland: opt(FeitelijkAdresBuitenland),
  immigratie: opt(Immigratie),
  aangifteAdreshoudingBrp: opt(AangifteAdreshoudingBrp),
  onderzoekGegVerblijfplaats: opt(OnderzoekGeg),
  verblijfplaatsHistorisch: many(VerblijfplaatsHistorisch),
  overlijden: opt(Overlijden),
  ouder1: opt(Ouder1),
  ouder2: opt(Ouder2),
  huwelijk: many(Huwelijk),
  huwelijkHistorisch: many(HuwelijkHistorisch),
  kind: many(Kind),
  gezagsverhouding: opt(Gezagsverhouding),
  inschrijvingsgegevensBrp: opt(InschrijvingsgegevensBrp),
}));

export const BrpAanvraagPersoon = def('BrpAanvraagPersoon', 'BRPDossierPersoonGSD v0200: AanvraagPersoonResponse without its FWI: one or more persons (ClientSuwi) as the BRP has them.', z.strictObject({
  clientSuwi: many(ClientSuwi),
}));
export type BrpAanvraagPersoon = z.infer<typeof BrpAanvraagPersoon>;
