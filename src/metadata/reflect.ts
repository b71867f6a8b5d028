/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   Reflect's metadata API returns `any`; this file is the one place that reads it, and gives each
   value its type where it is read. */
import 'reflect-metadata';
import { METADATA } from '../constants';
import type { Class, CustomMetadataRecord, EnvFieldRecord, HandlerRecord, PolicyRecord, RouteRecord } from './metadata.types';

/*
 * The only file that calls `Reflect`. Decorators record through it; discovery reads through it
 * once, at app creation.
 */

export function addHandler(prototype: object, record: HandlerRecord): void {
  appendOwn(METADATA.handlers, prototype, record);
}

/** Handler records of a class, including those inherited from its base classes. */
export function getHandlers(cls: Class): readonly HandlerRecord[] {
  // A subclass that redecorates a method replaces the base record.
  return listUpTheChain<HandlerRecord>(METADATA.handlers, cls, (a, b) => a.method === b.method && a.kind === b.kind);
}

/** Records policy options under `name`; on a method when `method` is given, else on the class. */
export function setPolicy(target: object, method: string | symbol | undefined, name: string, options: unknown): void {
  setOwnEntry(METADATA.policy, target, method, name, options);
}

/**
 * Policies of a method merged over those of its class and its base classes: the method's
 * options win, then the nearest class's.
 */
export function getPolicies(cls: Class, method: string): PolicyRecord {
  return methodOverLineage<PolicyRecord>(METADATA.policy, cls, method);
}

/** Parameter types TypeScript emitted for a method (`design:paramtypes`). */
export function getParamTypes(cls: Class, method: string): readonly unknown[] {
  return Reflect.getMetadata('design:paramtypes', cls.prototype, method) ?? [];
}

/** Framework annotations of DTO properties (e.g. `{ sensitive: true }`), by property name. */
export function setDtoField(prototype: object, property: string, annotation: Record<string, unknown>): void {
  const current: Record<string, Record<string, unknown>> = Reflect.getOwnMetadata(METADATA.dtoField, prototype) ?? {};
  Reflect.defineMetadata(METADATA.dtoField, { ...current, [property]: Object.freeze({ ...current[property], ...annotation }) }, prototype);
}

/** Framework annotations of a DTO's properties, base classes included. */
export function getDtoFields(dto: Class): Readonly<Record<string, Readonly<Record<string, unknown>>>> {
  const merged: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const own of ownMetadataUpTheChain<Record<string, Readonly<Record<string, unknown>>>>(METADATA.dtoField, dto)) {
    for (const [property, annotation] of Object.entries(own)) merged[property] ??= annotation;
  }
  return merged;
}

/** Records class-level framework annotations of a DTO; later calls merge over earlier ones. */
export function setDtoClass(dto: Class, annotation: Record<string, unknown>): void {
  const current: Record<string, unknown> = Reflect.getOwnMetadata(METADATA.dtoClass, dto) ?? {};
  Reflect.defineMetadata(METADATA.dtoClass, Object.freeze({ ...current, ...annotation }), dto);
}

/** Class-level annotations of a DTO merged from its oldest base class down: a subclass overrides. */
export function getDtoClass(dto: Class): Readonly<Record<string, unknown>> {
  return Object.freeze(mergedDownTheLineage<Record<string, unknown>>(METADATA.dtoClass, dto));
}

/** Return type TypeScript emitted for a method (`design:returntype`). */
export function getReturnType(cls: Class, method: string): unknown {
  return Reflect.getMetadata('design:returntype', cls.prototype, method);
}

/** Binds a config class property to an environment variable (`@Env()`). */
export function setEnvField(prototype: object, record: EnvFieldRecord): void {
  const current: Record<string, EnvFieldRecord> = Reflect.getOwnMetadata(METADATA.env, prototype) ?? {};
  Reflect.defineMetadata(METADATA.env, Object.freeze({ ...current, [record.property]: record }), prototype);
}

/** The `@Env()` bindings of a config class, base classes included (a subclass's binding wins). */
export function getEnvFields(cls: Class): readonly EnvFieldRecord[] {
  const merged = new Map<string, EnvFieldRecord>();
  for (const own of ownMetadataUpTheChain<Record<string, EnvFieldRecord>>(METADATA.env, cls)) {
    for (const [property, record] of Object.entries(own)) if (!merged.has(property)) merged.set(property, record);
  }
  return [...merged.values()];
}

/** Declared type TypeScript emitted for a property (`design:type`); `Object` when not annotated. */
export function getPropertyType(cls: Class, property: string): unknown {
  return Reflect.getMetadata('design:type', cls.prototype, property);
}

/** Records an HTTP route served by a provider method (`@Route()`). */
export function addRoute(prototype: object, record: RouteRecord): void {
  appendOwn(METADATA.routes, prototype, record);
}

/** The `@Route()` records of a class, base classes included (a subclass's record for a method wins). */
export function getRoutes(cls: Class): readonly RouteRecord[] {
  return listUpTheChain<RouteRecord>(METADATA.routes, cls, (a, b) => a.handler === b.handler && a.method === b.method);
}

/** Records a `SetMetadata` value under `key`; on a method when `method` is given, else on the class. */
export function setCustomMetadata(target: object, method: string | undefined, key: string | symbol, value: unknown): void {
  setOwnEntry(METADATA.custom, target, method, key, value);
}

/** `SetMetadata` values of a method merged over those of its class and base classes: the method's value wins. */
export function getCustomMetadata(cls: Class, method: string): CustomMetadataRecord {
  return methodOverLineage<CustomMetadataRecord>(METADATA.custom, cls, method);
}

/** Appends `@UseInterceptors` classes; on a method when `method` is given, else on the class. */
export function addInterceptors(target: object, method: string | undefined, interceptors: readonly Class[]): void {
  const current = readOwn<readonly Class[]>(METADATA.interceptors, target, method) ?? [];
  // Decorators apply bottom-up: the one written first (top) is applied last and must run first.
  writeOwn(METADATA.interceptors, Object.freeze([...interceptors, ...current]), target, method);
}

/** The interceptor classes of a handler: its class's (or the nearest base class's), then its method's. */
export function getInterceptors(cls: Class, method: string): readonly Class[] {
  const onClass: readonly Class[] = Reflect.getMetadata(METADATA.interceptors, cls) ?? [];
  const onMethod: readonly Class[] = Reflect.getMetadata(METADATA.interceptors, cls.prototype, method) ?? [];
  return Object.freeze([...onClass, ...onMethod]);
}

/** Appends `record` to the frozen list `key` of `prototype`. */
function appendOwn<T>(key: string, prototype: object, record: T): void {
  const existing: readonly T[] = Reflect.getOwnMetadata(key, prototype) ?? [];
  Reflect.defineMetadata(key, Object.freeze([...existing, record]), prototype);
}

/** The lists `key` of a class and its base classes, nearest first; a record `same` as a nearer one is left out. */
function listUpTheChain<T>(key: string, cls: Class, same: (a: T, b: T) => boolean): T[] {
  const records: T[] = [];
  for (const own of ownMetadataUpTheChain<readonly T[]>(key, cls)) {
    for (const record of own) if (!records.some((kept) => same(kept, record))) records.push(record);
  }
  return records;
}

/** The own `key` metadata of a class's prototype, then of each base class's prototype in turn. */
function ownMetadataUpTheChain<T>(key: string, cls: Class): T[] {
  const found: T[] = [];
  for (let proto: unknown = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const own: T | undefined = Reflect.getOwnMetadata(key, proto);
    if (own !== undefined) found.push(own);
  }
  return found;
}

/** The own `key` records of a class and of its base classes, merged from the oldest down: the nearest wins. */
function mergedDownTheLineage<T extends object>(key: string, cls: Class): T {
  const lineage: object[] = [];
  for (let current: unknown = cls; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    lineage.unshift(current);
  }
  const merged = {} as T;
  for (const current of lineage) Object.assign(merged, Reflect.getOwnMetadata(key, current) ?? {});
  return merged;
}

/** Sets `entry` in the frozen record `key` of `target` (or of its `method`), keeping its other entries. */
function setOwnEntry(key: string, target: object, method: string | symbol | undefined, entry: string | symbol, value: unknown): void {
  const current = readOwn<Record<string | symbol, unknown>>(key, target, method) ?? {};
  writeOwn(key, Object.freeze({ ...current, [entry]: value }), target, method);
}

/** The record `key` of a method merged over those of its class and base classes: the method's entries win. */
function methodOverLineage<T extends object>(key: string, cls: Class, method: string): Readonly<T> {
  const onMethod: T = Reflect.getMetadata(key, cls.prototype, method) ?? {};
  return Object.freeze({ ...mergedDownTheLineage<T>(key, cls), ...onMethod });
}

/** Own metadata of `target`, or of its `method` when one is given. */
function readOwn<T>(key: string, target: object, method: string | symbol | undefined): T | undefined {
  return method === undefined ? Reflect.getOwnMetadata(key, target) : Reflect.getOwnMetadata(key, target, method);
}

/** Defines metadata on `target`, or on its `method` when one is given. */
function writeOwn(key: string, value: unknown, target: object, method: string | symbol | undefined): void {
  if (method === undefined) Reflect.defineMetadata(key, value, target);
  else Reflect.defineMetadata(key, value, target, method);
}
