/**
 * The Fount API, group {@code fount.dev}, version {@code v1alpha1}: six custom resources
 * that mirror AWS Elemental MediaPackage v1 (live: Channel, OriginEndpoint, HarvestJob;
 * VOD: PackagingGroup, PackagingConfiguration, Asset) field for field, in camelCase.
 *
 * <p>These classes are the single source of truth for the CRDs: every field's description
 * ({@code kubectl explain}), default and validation is declared here and generated into the
 * YAML under {@code crds/}. Fields are public and boxed, and carry no Java initialisers:
 * an absent field stays absent (null) so that Fabric8 never writes defaults back into
 * {@code .spec}; defaults live in the CRD schema, where the API server applies them.
 */
package dev.fount.api.v1alpha1;
