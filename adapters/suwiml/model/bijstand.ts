// Bijstandsregelingen v0500 (BijstandsregelingenInfoResponse), from schemas/suwiml/Diensten/Bijstandsregelingen/v0500-b04/BodyReaction.xsd.
import { z } from 'zod';
import { def, many, opt, StandaardBedr, SzWet, datum, eurocent, tekst } from './common.ts';

const Bron = def('BijstandBron', 'Bron (Bijstandsregelingen): the Suwi column, party and branch that holds the data.', z.strictObject({
  cdKolomSuwi: opt(tekst),
  cdPartijSuwi: opt(tekst),
  cdVestigingSuwi: opt(tekst),
}));

const Straatadres = z.strictObject({
  locatieoms: opt(tekst),
  postcd: opt(tekst),
  woonplaatsnaam: opt(tekst),
  gemeentenaam: opt(tekst),
  straatnaam: opt(tekst),
  huisnr: opt(tekst),
  huisnrtoevoeging: opt(tekst),
});

const PartnerBijstand = def('PartnerBijstand', 'PartnerBijstand: the partner by BSN, initials, name and date of birth.', z.strictObject({
  burgerservicenr: opt(tekst),
  voorletters: opt(tekst),
  voorvoegsel: opt(tekst),
  significantDeelVanDeAchternaam: opt(tekst),
  geboortedat: opt(datum),
}));

const AanvraagUitkering = z.strictObject({
  datAanvraagUitkering: opt(datum),
  szWet: opt(SzWet),
  beslissingOpAanvraagUitkering: opt(z.strictObject({
    cdBeslissingOpAanvraagUitkering: opt(tekst),
    datDagtekeningBeslisOpAanvrUitk: opt(datum),
  })),
  partnerAanvraagUitkering: opt(PartnerBijstand),
  bron: opt(Bron),
});

const Vordering = z.strictObject({
  identificatienrVordering: opt(tekst),
  datBesluitVordering: opt(datum),
  cdRedenVordering: opt(tekst),
  bedrAanvangVordering: opt(StandaardBedr),
  cdStatusVordering: opt(tekst),
  bedrSaldoVordering: opt(StandaardBedr),
  datOnherroepelijkVordering: opt(datum),
  szWet: opt(SzWet),
  partnerVordering: many(z.strictObject({ burgerservicenr: opt(tekst) })),
  fraude: opt(z.strictObject({
    indRecidive: opt(tekst),
    indRobuusteIncassoToegepast: opt(tekst),
    cdHoogteBestuurlijkeBoete: opt(tekst),
    cdSrtSanctie: opt(tekst),
    parketnrJustitie: opt(tekst),
    cdRecidivetermijn: opt(tekst),
  })),
  bron: opt(Bron),
});

const SpecifiekeGegevensBijzBijstand = z.strictObject({
  cdClusterBijzBijstand: opt(tekst),
  omsSrtKostenBijzBijstand: opt(tekst),
  datBetaalbaarBijzBijstand: opt(datum),
  szWet: opt(SzWet),
  partnerBijzBijstand: opt(PartnerBijstand),
  bron: opt(Bron),
});

const Uitkeringsperiode = z.strictObject({
  datBUitkeringsperiode: opt(datum),
  datEUitkeringsperiode: opt(datum),
  maatregelMbtUitkering: many(z.strictObject({
    datBMaatregelMbtUitkering: opt(datum),
    datEMaatregelMbtUitkering: opt(datum),
    redenMaatregelMbtBijstandUitk: opt(z.strictObject({
      cdRedenMaatregelMbtBijstandUitk: opt(tekst),
      gevolgenMaatregelMbtBijstandUitk: opt(z.strictObject({ bedrVerminderingUitkMbtMaatregel: opt(StandaardBedr) })),
    })),
  })),
  inkomstenBijstandUitkering: opt(z.strictObject({
    bedrTotaalInkomstenUitkering: opt(StandaardBedr),
    bedrBetaalbaarGesteldeUitkering: opt(StandaardBedr),
  })),
  normbedrag: many(z.strictObject({
    cdSrtNormbedrag: opt(tekst),
    cdMunteenheid: opt(tekst),
    waardeBedr: opt(eurocent),
  })),
});

const Uitkeringsverhouding = z.strictObject({
  datBUitkeringsverhouding: opt(datum),
  datEUitkeringsverhouding: opt(datum),
  szWet: opt(SzWet),
  specifiekeGegevensBijstandUitk: opt(z.strictObject({
    cdAanleidingEindeBijstandUitk: opt(tekst),
    cdClassificatieBbz: opt(tekst),
    aantKostendelers: opt(tekst),
  })),
  inkomstenInvloedOpBijstandUitk: many(z.strictObject({ cdSrtOverigeInkomsten: opt(tekst) })),
  vrijstellingArbeidsplicht: opt(z.strictObject({
    cdVrijstellingArbeidsplichtBijst: opt(tekst),
    datEVrijstellingArbeidsplicht: opt(datum),
    cdRedenEVrijstArbeidsplichtBijst: opt(tekst),
  })),
  partnerUitkeringsverhouding: opt(PartnerBijstand),
  uitkeringsperiode: many(Uitkeringsperiode),
  bron: opt(Bron),
});

const ClientSuwi = z.strictObject({
  burgerservicenr: opt(tekst),
  voornamen: opt(tekst),
  voorletters: opt(tekst),
  voorvoegsel: opt(tekst),
  significantDeelVanDeAchternaam: opt(tekst),
  geslacht: opt(tekst),
  geboortedat: opt(datum),
  cdLeefvorm: opt(tekst),
  domicilieAdres: opt(Straatadres),
  huisvesting: opt(z.strictObject({ cdRelatieBewonerHuisvesting: opt(tekst) })),
  schendingInlichtingenplicht: opt(z.strictObject({ datWaarschSchendInlichtingplicht: opt(datum) })),
  dossierGsd: opt(z.strictObject({ dossiercd: opt(tekst), datOpnameGegevensInIbSysteem: opt(datum) })),
  bron: opt(Bron),
  aanvraagUitkering: many(AanvraagUitkering),
  vordering: many(Vordering),
  specifiekeGegevensBijzBijstand: many(SpecifiekeGegevensBijzBijstand),
  uitkeringsverhouding: many(Uitkeringsverhouding),
});

export const BijstandsregelingenInfo = def('BijstandsregelingenInfo', 'Bijstandsregelingen v0500: BijstandsregelingenInfoResponse without its FWI: the person, applications, claims (vorderingen, with fraud data), special assistance and assistance benefits, each with its Bron.', z.strictObject({
  clientSuwi: opt(ClientSuwi),
}));
export type BijstandsregelingenInfo = z.infer<typeof BijstandsregelingenInfo>;
