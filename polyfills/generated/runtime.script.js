(function (module, exports, __jsroutes_host) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{if(from&&typeof from==
"object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=
__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var jsroutes_runtime_exports={};__export(jsroutes_runtime_exports,{require:()=>require2});module.exports=__toCommonJS(jsroutes_runtime_exports);var host_exports={};__export(host_exports,{bytesArgs:()=>bytesArgs,defineGlobal:()=>defineGlobal,defineLazy:()=>defineLazy,definePairIterable:()=>definePairIterable,
host:()=>host,tag:()=>tag});var host=__jsroutes_host;if(!host)throw new Error("jsroutes: host bridge missing (the runtime must run inside a jsroutes worker)");var bytesArgs=b=>[
b.buffer,b.byteOffset,b.byteLength];function defineGlobal(name,value){Object.defineProperty(globalThis,name,{value,writable:!0,configurable:!0,enumerable:!1})}function tag(cls,name){
Object.defineProperty(cls.prototype,Symbol.toStringTag,{value:name,configurable:!0})}var IteratorPrototype=Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.
iterator]()));function definePairIterable(cls,name,pairsOf,{snapshot=!1,flat=!1}={}){class PairIterator{#target;#kind;#pairs;#index=0;constructor(target,kind){this.#target=
target,this.#kind=kind,this.#pairs=snapshot?pairsOf(target):null}next(){let pairs=this.#pairs??pairsOf(this.#target),i=this.#index,k,v;if(flat){if(2*i>=pairs.length)
return{value:void 0,done:!0};k=pairs[2*i],v=pairs[2*i+1]}else{if(i>=pairs.length)return{value:void 0,done:!0};[k,v]=pairs[i]}return this.#index=i+1,{value:this.#kind===
"keys"?k:this.#kind==="values"?v:[k,v],done:!1}}}Object.setPrototypeOf(PairIterator.prototype,IteratorPrototype),Object.defineProperty(PairIterator.prototype,"n\
ext",{enumerable:!0}),Object.defineProperty(PairIterator.prototype,Symbol.toStringTag,{value:`${name} Iterator`,configurable:!0});let methods2={entries(){return new PairIterator(
this,"entries")},keys(){return new PairIterator(this,"keys")},values(){return new PairIterator(this,"values")}};for(let[key,fn]of Object.entries(methods2))Object.
defineProperty(cls.prototype,key,{value:fn,writable:!0,enumerable:!0,configurable:!0});Object.defineProperty(cls.prototype,Symbol.iterator,{value:methods2.entries,
writable:!0,configurable:!0})}function defineLazy(target,name,load3,enumerable=!1){let accessor={get(){if(load3(),Object.getOwnPropertyDescriptor(target,name)?.
get===accessor.get)throw new TypeError(`${name} is not available: its module did not define it`);return target[name]},set(value){load3(),Object.defineProperty(target,
name,{value,writable:!0,enumerable,configurable:!0})},enumerable,configurable:!0};Object.defineProperty(target,name,accessor)}var async_hooks_exports={};__export(async_hooks_exports,{AsyncLocalStorage:()=>AsyncLocalStorage,AsyncResource:()=>AsyncResource,Frame:()=>Frame});var Frame=class{constructor(storage,value,parent){this.storage=storage,this.value=value,this.parent=parent}};function enter(frame,fn,args){let prev=host.ctxGet();
host.ctxSet(frame);try{return fn(...args)}finally{host.ctxSet(prev)}}var noStore=Symbol("no store"),AsyncLocalStorage=class{getStore(){for(let f=host.ctxGet();f;f=
f.parent)if(f.storage===this)return f.value===noStore?void 0:f.value}run(store,fn,...args){return enter(new Frame(this,store,host.ctxGet()),fn,args)}exit(fn,...args){
return enter(new Frame(this,noStore,host.ctxGet()),fn,args)}enterWith(store){host.ctxSet(new Frame(this,store,host.ctxGet()))}disable(){host.ctxSet(new Frame(this,
noStore,host.ctxGet()))}static bind(fn){let frame=host.ctxGet();return(...args)=>enter(frame,fn,args)}static snapshot(){let frame=host.ctxGet();return(fn,...args)=>enter(
frame,fn,args)}};tag(AsyncLocalStorage,"AsyncLocalStorage");var AsyncResource=class _AsyncResource{#frame=host.ctxGet();constructor(type){this.type=type}runInAsyncScope(fn,thisArg,...args){
return enter(this.#frame,fn.bind(thisArg),args)}bind(fn){return(...args)=>this.runInAsyncScope(fn,void 0,...args)}static bind(fn,type){return new _AsyncResource(
type??"bound-anonymous-fn").bind(fn)}};var console_exports={};__export(console_exports,{console:()=>console2});var request_store_exports={};__export(request_store_exports,{RequestStore:()=>RequestStore,cacheStorage:()=>cacheStorage,currentStore:()=>currentStore,markDynamic:()=>markDynamic,
requestStorage:()=>requestStorage,routePrefix:()=>routePrefix,syncable:()=>syncable});var cookies_exports={};__export(cookies_exports,{MutableCookies:()=>MutableCookies,RequestCookies:()=>RequestCookies,ResponseCookies:()=>ResponseCookies,appendMutableCookies:()=>appendMutableCookies,
parseCookie:()=>parseCookie,parseSetCookie:()=>parseSetCookie,stringifyCookie:()=>stringifyCookie});var sameSites=["strict","lax","none"],priorities=["low","med\
ium","high"];function stringifyCookie(c){let attrs=["path"in c&&c.path&&`Path=${c.path}`,"expires"in c&&(c.expires||c.expires===0)&&`Expires=${(typeof c.expires==
"number"?new Date(c.expires):c.expires).toUTCString()}`,"maxAge"in c&&typeof c.maxAge=="number"&&`Max-Age=${c.maxAge}`,"domain"in c&&c.domain&&`Domain=${c.domain}`,
"secure"in c&&c.secure&&"Secure","httpOnly"in c&&c.httpOnly&&"HttpOnly","sameSite"in c&&c.sameSite&&`SameSite=${c.sameSite}`,"partitioned"in c&&c.partitioned&&"\
Partitioned","priority"in c&&c.priority&&`Priority=${c.priority}`].filter(Boolean),stringified=`${c.name}=${encodeURIComponent(c.value??"")}`;return attrs.length===
0?stringified:`${stringified}; ${attrs.join("; ")}`}function parseCookie(cookie){let map=new Map;for(let pair of cookie.split(/; */)){if(!pair)continue;let at=pair.
indexOf("=");if(at===-1){map.set(pair,"true");continue}let key=pair.slice(0,at),value=pair.slice(at+1);try{map.set(key,decodeURIComponent(value??"true"))}catch{}}
return map}function parseSetCookie(setCookie){if(!setCookie)return;let[[name,value],...attributes]=parseCookie(setCookie),a=Object.fromEntries(attributes.map(([
k,v])=>[k.toLowerCase().replace(/-/g,""),v])),cookie={name,value:decodeURIComponent(value),domain:a.domain,...a.expires&&{expires:new Date(a.expires)},...a.httponly&&
{httpOnly:!0},...typeof a.maxage=="string"&&{maxAge:Number(a.maxage)},path:a.path,...a.samesite&&{sameSite:sameSites.includes(a.samesite.toLowerCase())?a.samesite.
toLowerCase():void 0},...a.secure&&{secure:!0},...a.priority&&{priority:priorities.includes(a.priority.toLowerCase())?a.priority.toLowerCase():void 0},...a.partitioned&&
{partitioned:!0}};for(let k of Object.keys(cookie))cookie[k]===void 0&&delete cookie[k];return cookie}function normalizeCookie(cookie={name:"",value:""}){return typeof cookie.
expires=="number"&&(cookie.expires=new Date(cookie.expires)),cookie.maxAge&&(cookie.expires=new Date(Date.now()+cookie.maxAge*1e3)),(cookie.path===null||cookie.
path===void 0)&&(cookie.path="/"),cookie}var nameOf=arg=>typeof arg=="string"?arg:arg?.name,RequestCookies=class{_parsed=new Map;_headers;constructor(requestHeaders){
this._headers=requestHeaders;let header=requestHeaders.get("cookie");if(header)for(let[name,value]of parseCookie(header))this._parsed.set(name,{name,value})}[Symbol.
iterator](){return this._parsed[Symbol.iterator]()}get size(){return this._parsed.size}get(...args){return this._parsed.get(nameOf(args[0]))}getAll(...args){let all=[
...this._parsed];if(!args.length)return all.map(([,v])=>v);let name=nameOf(args[0]);return all.filter(([n])=>n===name).map(([,v])=>v)}has(name){return this._parsed.
has(name)}set(...args){let[name,value]=args.length===1?[args[0].name,args[0].value]:args;return this._parsed.set(name,{name,value}),this.#sync(),this}delete(names2){
let result=Array.isArray(names2)?names2.map(n=>this._parsed.delete(n)):this._parsed.delete(names2);return this.#sync(),result}clear(){return this.delete([...this.
_parsed.keys()]),this}#sync(){this._headers.set("cookie",[...this._parsed].map(([,v])=>stringifyCookie(v)).join("; "))}toString(){return[...this._parsed.values()].
map(v=>`${v.name}=${encodeURIComponent(v.value)}`).join("; ")}},ResponseCookies=class{_parsed=new Map;_headers;constructor(responseHeaders){this._headers=responseHeaders;
for(let s of responseHeaders.getSetCookie()){let parsed=parseSetCookie(s);parsed&&this._parsed.set(parsed.name,parsed)}}get(...args){return this._parsed.get(nameOf(
args[0]))}getAll(...args){let all=[...this._parsed.values()];if(!args.length)return all;let name=nameOf(args[0]);return all.filter(c=>c.name===name)}has(name){return this.
_parsed.has(name)}set(...args){let[name,value,cookie]=args.length===1?[args[0].name,args[0].value,args[0]]:args;this._parsed.set(name,normalizeCookie({name,value,
...cookie})),this._headers.delete("set-cookie");for(let[,c]of this._parsed)this._headers.append("set-cookie",stringifyCookie(c));return this}delete(...args){let[
name,options]=typeof args[0]=="string"?[args[0]]:[args[0].name,args[0]];return this.set({...options,name,value:"",expires:new Date(0)})}toString(){return[...this.
_parsed.values()].map(stringifyCookie).join("; ")}},MutableCookies=class extends ResponseCookies{modified=new Set;constructor(requestCookies){super(new Headers);
for(let c of requestCookies.getAll())super.set(c)}set(...args){return this.modified.add(nameOf(args[0])),super.set(...args),this}delete(...args){return this.modified.
add(nameOf(args[0])),super.delete(...args),this}[Symbol.iterator](){return this._parsed[Symbol.iterator]()}clear(){for(let name of[...this._parsed.keys()])this.
delete(name);return this}modifiedValues(){return this.getAll().filter(c=>this.modified.has(c.name))}};function appendMutableCookies(headers,mutable){let values=mutable.
modifiedValues();if(values.length===0)return;let res=new ResponseCookies(headers),own=res.getAll();for(let c of values)res.set(c);for(let c of own)res.set(c)}var requestStorage=new AsyncLocalStorage,cacheStorage=new AsyncLocalStorage,RequestStore=class{constructor(request,route,handle){this.request=request,this.route=
route,this.handle=handle}get value(){return this}get cookies(){return this.jar??=new MutableCookies(this.request.cookies),this.jar}};Object.assign(RequestStore.
prototype,{storage:requestStorage,parent:void 0,index:-1,jar:null,after:null,draftMode:null,headers:null,reader:null,gone:!1,prerender:0,dynamic:null,prerenderCache:null,
privateCache:null});function currentStore(expression){cacheStorage.getStore()&&refuseInCache(expression);let store=requestStorage.getStore();if(!store)throw new Error(
`\`${expression}\` was called outside a request scope. Read more: https://nextjs.org/docs/messages/next-dynamic-api-wrong-context`);if(store.prerender&&expression!==
"draftMode")throw markDynamic(store,`${expression}()`);return store}function markDynamic(store,expression){store.dynamic??=expression;let err=new Error(`Route ${store.
route} couldn't be rendered statically because it used \`${expression}\`. See more info here: https://nextjs.org/docs/messages/dynamic-server-error`);return err.
digest="DYNAMIC_SERVER_USAGE",err}function routePrefix(){let route=requestStorage.getStore()?.route;return route?`Route "${route}": `:""}function refuseInCache(expression){
if(expression==="draftMode")return;let prefix=routePrefix(),more="Learn more: https://nextjs.org/docs/messages/next-request-in-use-cache";throw expression==="co\
nnection"?new Error(`${prefix}\`connection()\` can't be called inside \`"use cache"\` because cached functions may run during prerendering, without an incoming requ\
est. Call it outside the cached function.
${more}`):new Error(`${prefix}\`${expression}()\` can't be read inside \`"use cache"\`. Read it outside the cached function and pass what you need as an argument.
${more}`)}var kTarget=Symbol("target"),syncProtos=new Map;function syncable(target,members){let proto=syncProtos.get(members);if(proto===void 0){proto=Object.create(
Promise.prototype);for(let name of members)Object.defineProperty(proto,name,{get(){let t=this[kTarget],v=t[name];return typeof v=="function"?v.bind(t):v},configurable:!0});
syncProtos.set(members,proto)}let promise=Promise.resolve(target);return Object.setPrototypeOf(promise,proto),promise[kTarget]=target,promise}var inspector=null,formatter=()=>inspector??=host.loadLazy("inspect"),format=(...args)=>formatter().format(...args),inspect=(value,opts)=>formatter().inspect(value,
opts),counts=new Map,timers=new Map,groupIndent="",emit=level=>(...args)=>host.log(level,groupIndent+format(...args),requestStorage.getStore()?.route??""),debug=emit(
"debug"),info=emit("info"),warn=emit("warn"),error=emit("error"),console2={log:info,info,debug,trace:(...args)=>host.log("debug",groupIndent+format("Trace:",...args)+
`
`+new Error().stack.split(`
`).slice(2).join(`
`),requestStorage.getStore()?.route??""),warn,error,dir:(obj,opts)=>info(inspect(obj,opts)),table:data=>info(inspect(data)),assert:(cond,...args)=>{cond||error(
"Assertion failed"+(args.length?": "+format(...args):""))},count:(label="default")=>{let n=(counts.get(label)??0)+1;counts.set(label,n),info(`${label}: ${n}`)},
countReset:(label="default")=>{counts.delete(label)},time:(label="default")=>{timers.set(label,performance.now())},timeLog:(label="default",...args)=>{let t=timers.
get(label);t!==void 0&&info(`${label}: ${(performance.now()-t).toFixed(3)}ms`,...args)},timeEnd:(label="default")=>{let t=timers.get(label);t!==void 0&&(timers.
delete(label),info(`${label}: ${(performance.now()-t).toFixed(3)}ms`))},group:(...args)=>{args.length&&info(...args),groupIndent+="  "},groupCollapsed:(...args)=>{
args.length&&info(...args),groupIndent+="  "},groupEnd:()=>{groupIndent=groupIndent.slice(2)}};defineGlobal("console",console2);var crypto_exports={};__export(crypto_exports,{Crypto:()=>Crypto,crypto:()=>crypto});var dom_exception_exports={};__export(dom_exception_exports,{DOMException:()=>DOMException});var codes={IndexSizeError:1,HierarchyRequestError:3,WrongDocumentError:4,InvalidCharacterError:5,NoModificationAllowedError:7,NotFoundError:8,NotSupportedError:9,
InvalidStateError:11,SyntaxError:12,InvalidModificationError:13,NamespaceError:14,InvalidAccessError:15,TypeMismatchError:17,SecurityError:18,NetworkError:19,AbortError:20,
URLMismatchError:21,QuotaExceededError:22,TimeoutError:23,InvalidNodeTypeError:24,DataCloneError:25},DOMException=class extends Error{#name;#code;constructor(message="",name="\
Error"){super(String(message)),this.#name=String(name),this.#code=codes[this.#name]??0}get name(){return this.#name}get code(){return this.#code}},constants=Object.
entries(codes).map(([name,code])=>[name.replace(/([a-z])([A-Z])/g,"$1_$2").replace(/([A-Z])([A-Z][a-z])/g,"$1_$2").toUpperCase().replace(/_ERROR$/,"_ERR"),code]);
constants.push(["DOMSTRING_SIZE_ERR",2],["NO_DATA_ALLOWED_ERR",6],["INUSE_ATTRIBUTE_ERR",10],["VALIDATION_ERR",16]);constants.sort((a,b)=>a[1]-b[1]);for(let[constant,
code]of constants)Object.defineProperty(DOMException,constant,{value:code,enumerable:!0}),Object.defineProperty(DOMException.prototype,constant,{value:code,enumerable:!0});
for(let name of["name","code"])Object.defineProperty(DOMException.prototype,name,{...Object.getOwnPropertyDescriptor(DOMException.prototype,name),enumerable:!0});
tag(DOMException,"DOMException");defineGlobal("DOMException",DOMException);var integerArrays=[Int8Array,Uint8Array,Uint8ClampedArray,Int16Array,Uint16Array,Int32Array,Uint32Array,BigInt64Array,BigUint64Array],Crypto=class{getRandomValues(array){
if(!integerArrays.some(T=>array instanceof T))throw new DOMException("Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type t\
hat is not an integer array.","TypeMismatchError");if(array.byteLength>65536)throw new DOMException(`Failed to execute 'getRandomValues' on 'Crypto': The ArrayB\
ufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536).`,"QuotaExceededError");return host.randomFill(
array.buffer,array.byteOffset,array.byteLength),array}randomUUID(){return host.randomUUID()}};tag(Crypto,"Crypto");var crypto=new Crypto;defineGlobal("Crypto",Crypto);
defineGlobal("crypto",crypto);var subtle_exports={};var loaded=!1;function load(){loaded||(loaded=!0,delete crypto.subtle,delete globalThis.CryptoKey,delete globalThis.SubtleCrypto,host.loadLazy("webcrypto"))}defineLazy(
crypto,"subtle",load,!0);defineLazy(globalThis,"CryptoKey",load);defineLazy(globalThis,"SubtleCrypto",load);var abort_exports={};__export(abort_exports,{AbortController:()=>AbortController,AbortSignal:()=>AbortSignal,abortSignal:()=>abortSignal});var event_target_exports={};__export(event_target_exports,{CustomEvent:()=>CustomEvent,Event:()=>Event,EventTarget:()=>EventTarget,defineEventHandlers:()=>defineEventHandlers,
reportError:()=>reportError2,trusted:()=>trusted});var kStop=Symbol("stopImmediate"),setTargets,trusted,Event=class{#type;#bubbles;#cancelable;#composed;#defaultPrevented=!1;#timeStamp;#target=null;#currentTarget=null;#trusted=!1;static{
setTargets=(event,target,current)=>{event.#target=target,event.#currentTarget=current},trusted=event=>(event.#trusted=!0,event)}constructor(type,init={}){if(arguments.
length===0)throw new TypeError("Failed to construct 'Event': 1 argument required, but only 0 present.");this.#type=String(type),this.#bubbles=!!init?.bubbles,this.#cancelable=
!!init?.cancelable,this.#composed=!!init?.composed,this.#timeStamp=performance.now(),this[kStop]=!1}get type(){return this.#type}get bubbles(){return this.#bubbles}get cancelable(){
return this.#cancelable}get composed(){return this.#composed}get defaultPrevented(){return this.#defaultPrevented}get timeStamp(){return this.#timeStamp}get target(){
return this.#target}get currentTarget(){return this.#currentTarget}get srcElement(){return this.#target}get eventPhase(){return this.currentTarget?2:0}get isTrusted(){
return this.#trusted}preventDefault(){this.#cancelable&&(this.#defaultPrevented=!0)}stopPropagation(){}stopImmediatePropagation(){this[kStop]=!0}composedPath(){
return this.currentTarget?[this.currentTarget]:[]}};tag(Event,"Event");var CustomEvent=class extends Event{#detail;constructor(type,init={}){super(type,init),this.#detail=
init?.detail??null}get detail(){return this.#detail}};tag(CustomEvent,"CustomEvent");var EventTarget=class{#listeners=new Map;addEventListener(type,listener,options){
if(listener==null)return;let opts=typeof options=="boolean"?{capture:options}:options??{};if(opts.signal?.aborted)return;type=String(type);let list=this.#listeners.
get(type);list||this.#listeners.set(type,list=[]);let capture=!!opts.capture;if(list.some(l=>l.listener===listener&&l.capture===capture))return;let entry={listener,
capture,once:!!opts.once,removed:!1};list.push(entry),opts.signal?.addEventListener("abort",()=>this.removeEventListener(type,listener,opts))}removeEventListener(type,listener,options){
let capture=typeof options=="boolean"?options:!!options?.capture,list=this.#listeners.get(String(type));if(!list)return;let i=list.findIndex(l=>l.listener===listener&&
l.capture===capture);i>=0&&(list[i].removed=!0,list.splice(i,1))}dispatchEvent(event){if(!(event instanceof Event))throw new TypeError("Failed to execute 'dispa\
tchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");setTargets(event,this,this);let list=this.#listeners.get(event.type);for(let entry of list?[...list]:
[])if(!entry.removed){entry.once&&this.removeEventListener(event.type,entry.listener,entry);try{typeof entry.listener=="function"?entry.listener.call(this,event):
entry.listener.handleEvent(event)}catch(err){reportError2(err)}if(event[kStop])break}return setTargets(event,this,null),!event.defaultPrevented}};tag(EventTarget,
"EventTarget");function defineEventHandlers(cls,...types){let handlers=new WeakMap;for(let type of types)Object.defineProperty(cls.prototype,`on${type}`,{configurable:!0,
enumerable:!0,get(){return handlers.get(this)?.[type]?.fn??null},set(fn){let own=handlers.get(this);if(own||handlers.set(this,own={}),own[type]&&this.removeEventListener(
type,own[type].listener),delete own[type],typeof fn=="function"){let listener=event=>fn.call(this,event);own[type]={fn,listener},this.addEventListener(type,listener)}}})}
function reportError2(err){console.error(err)}defineGlobal("Event",Event);defineGlobal("CustomEvent",CustomEvent);defineGlobal("EventTarget",EventTarget);defineGlobal(
"reportError",reportError2);var kAbort=Symbol("abort"),kCreate=Symbol("create"),AbortSignal=class _AbortSignal extends EventTarget{#aborted=!1;#reason=void 0;constructor(key){if(key!==kCreate)
throw new TypeError("Illegal constructor");super()}get aborted(){return this.#aborted}get reason(){return this.#reason}throwIfAborted(){if(this.#aborted)throw this.#reason}[kAbort](reason=new DOMException(
"This operation was aborted","AbortError")){this.#aborted||(this.#aborted=!0,this.#reason=reason,this.dispatchEvent(trusted(new Event("abort"))))}static abort(reason){
let signal=new _AbortSignal(kCreate);return signal[kAbort](reason),signal}static timeout(ms){let signal=new _AbortSignal(kCreate);return setTimeout(()=>signal[kAbort](
new DOMException("The operation was aborted due to timeout","TimeoutError")),Number(ms)).unref(),signal}static any(signals){let signal=new _AbortSignal(kCreate);
for(let s of signals)if(s.aborted)return signal[kAbort](s.reason),signal;for(let s of signals)s.addEventListener("abort",()=>signal[kAbort](s.reason),{once:!0});
return signal}};tag(AbortSignal,"AbortSignal");defineEventHandlers(AbortSignal,"abort");var AbortController=class{#signal=new AbortSignal(kCreate);get signal(){
return this.#signal}abort(reason){this.#signal[kAbort](reason)}};tag(AbortController,"AbortController");function abortSignal(signal,reason){signal[kAbort](reason)}
defineGlobal("AbortSignal",AbortSignal);defineGlobal("AbortController",AbortController);var encoding_exports={};__export(encoding_exports,{TextDecoder:()=>TextDecoder2,TextEncoder:()=>TextEncoder2,bytesOf:()=>bytesOf});var TextEncoder2=class{get encoding(){return"utf-8"}encode(input=""){return new Uint8Array(host.utf8Encode(String(input)))}encodeInto(source,destination){if(!(destination instanceof
Uint8Array))throw new TypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");let[read,written2]=host.utf8EncodeInto(
String(source),destination.buffer,destination.byteOffset,destination.byteLength);return{read,written:written2}}};tag(TextEncoder2,"TextEncoder");function bytesOf(input,what="\
input"){if(input instanceof Uint8Array)return input;if(input instanceof ArrayBuffer)return new Uint8Array(input);if(ArrayBuffer.isView(input))return new Uint8Array(
input.buffer,input.byteOffset,input.byteLength);throw new TypeError(`The provided value for ${what} is not of type '(ArrayBuffer or ArrayBufferView)'`)}function utf8Pending(bytes){
let n=bytes.length;for(let back=1;back<=3&&back<=n;back++){let b=bytes[n-back];if((b&192)===128)continue;return(b>=240?4:b>=224?3:b>=192?2:1)>back?back:0}return 0}
function utf16Pending(bytes,littleEndian){let odd=bytes.length%2,end=bytes.length-odd;if(end<2)return odd;let unit=littleEndian?bytes[end-2]|bytes[end-1]<<8:bytes[end-
2]<<8|bytes[end-1];return unit>=55296&&unit<=56319?odd+2:odd}var TextDecoder2=class{#encoding;#fatal;#ignoreBOM;#pending=null;#bomSeen=!1;constructor(label="utf\
-8",options={}){let name=host.encodingName(String(label));if(!name||name==="replacement")throw new RangeError(`Failed to construct 'TextDecoder': The encoding l\
abel provided ('${label}') is invalid.`);this.#encoding=name,this.#fatal=!!options?.fatal,this.#ignoreBOM=!!options?.ignoreBOM}get encoding(){return this.#encoding}get fatal(){
return this.#fatal}get ignoreBOM(){return this.#ignoreBOM}decode(input,options={}){let bytes=input===void 0?new Uint8Array(0):bytesOf(input),stream=!!options?.stream;
if(this.#pending){let joined=new Uint8Array(this.#pending.length+bytes.length);joined.set(this.#pending),joined.set(bytes,this.#pending.length),bytes=joined,this.#pending=
null}if(stream){let keep=this.#encoding==="utf-8"?utf8Pending(bytes):this.#encoding.startsWith("utf-16")?utf16Pending(bytes,this.#encoding==="utf-16le"):0;keep&&
(this.#pending=bytes.slice(bytes.length-keep),bytes=bytes.subarray(0,bytes.length-keep))}let stripBOM=!this.#ignoreBOM&&!this.#bomSeen;bytes.length&&(this.#bomSeen=
!0);let out2=host.decode(this.#encoding,bytes.buffer,bytes.byteOffset,bytes.byteLength,this.#fatal,stripBOM);return stream||(this.#bomSeen=!1,this.#pending=null),
out2}};tag(TextDecoder2,"TextDecoder");defineGlobal("TextEncoder",TextEncoder2);defineGlobal("TextDecoder",TextDecoder2);defineGlobal("btoa",function(data){if(arguments.
length===0)throw new TypeError("Failed to execute 'btoa' on 'Window': 1 argument required, but only 0 present.");let out2=host.btoa(String(data));if(out2===null)
throw new DOMException("Failed to execute 'btoa' on 'Window': The string to be encoded contains characters outside of the Latin1 range.","InvalidCharacterError");
return out2});defineGlobal("atob",function(data){if(arguments.length===0)throw new TypeError("Failed to execute 'atob' on 'Window': 1 argument required, but onl\
y 0 present.");let out2=host.atob(String(data));if(out2===null)throw new DOMException("Failed to execute 'atob' on 'Window': The string to be decoded is not cor\
rectly encoded.","InvalidCharacterError");return out2});var body_exports={};__export(body_exports,{Body:()=>Body,bodyMixin:()=>bodyMixin,cloneBody:()=>cloneBody,extractBody:()=>extractBody,kBody:()=>kBody,kBytes:()=>kBytes,
mixBody:()=>mixBody,streamOf:()=>streamOf});var lazy_globals_exports={};__export(lazy_globals_exports,{lazyLoaded:()=>lazyLoaded,lazyModule:()=>lazyModule});var globals={structuredClone:"structured-clone",URLPattern:"url-pattern",CompressionStream:"compression",DecompressionStream:"compression",Blob:"blob",File:"blo\
b",FormData:"form-data",Buffer:"node-buffer",WebSocket:"websocket",MessageEvent:"websocket",CloseEvent:"websocket",WebAssembly:"webassembly"};function lazyModule(name){
return host.loadLazy(name)}function lazyLoaded(name){return host.lazyLoaded(name)}for(let[name,module2]of Object.entries(globals))defineLazy(globalThis,name,()=>lazyModule(
module2));var url_search_params_exports={};__export(url_search_params_exports,{URLSearchParams:()=>URLSearchParams,parseUrlencoded:()=>parseUrlencoded,serializeUrlencoded:()=>serializeUrlencoded,
toUSV:()=>toUSV,urlSearchParamsUpdate:()=>urlSearchParamsUpdate});var kUpdate=Symbol("update"),unsafe=/[!'()~]/g,lastUSV="",prevUSV="",toUSV=s=>{if(s===lastUSV)return s;if(s===prevUSV)return prevUSV=lastUSV,lastUSV=s,s;let out2=host.
wellFormed(typeof s=="string"?s:`${s}`);return out2===s&&s.length<=64&&(prevUSV=lastUSV,lastUSV=s),out2};function encode(s){return encodeURIComponent(s).replace(
unsafe,c=>"%"+c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g,"+")}var parseUrlencoded=input=>host.urlencodedParse(String(input));function serializeUrlencoded(list){
let out2="";for(let i=0;i<list.length;i+=2)out2+=`${i===0?"":"&"}${encode(toUSV(list[i]))}=${encode(toUSV(list[i+1]))}`;return out2}var kBound=Symbol("bound"),listOf,
URLSearchParams=class _URLSearchParams{#list;#url=null;constructor(init=void 0){if(init===kBound)return;if(init==null){this.#list=[];return}if(typeof init=="obj\
ect"||typeof init=="function"){let list=[];if(typeof init[Symbol.iterator]=="function")for(let pair of init){if(typeof pair!="object"||pair===null||typeof pair[Symbol.
iterator]!="function")throw new TypeError("Failed to construct 'URLSearchParams': The provided value cannot be converted to a sequence.");let p=[...pair];if(p.length!==
2)throw new TypeError("Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");list.push(toUSV(p[0]),toUSV(p[1]))}else for(let k of Reflect.
ownKeys(init))Reflect.getOwnPropertyDescriptor(init,k)?.enumerable&&typeof k=="string"&&list.push(toUSV(k),toUSV(init[k]));this.#list=list;return}let s=String(init);
s.startsWith("?")&&(s=s.slice(1)),this.#list=parseUrlencoded(s)}static[kUpdate](params,url,query){return params??=new _URLSearchParams(kBound),params.#url=url,params.#list=
query?parseUrlencoded(query):[],params}#changed(){this.#url&&this.#url[kUpdate](this.toString())}get size(){return this.#list.length/2}append(name,value){if(arguments.
length<2)throw new TypeError("Failed to execute 'append' on 'URLSearchParams': 2 arguments required.");this.#list.push(toUSV(name),toUSV(value)),this.#changed()}delete(name,value){
name=toUSV(name);let v=value===void 0?void 0:toUSV(value),list=this.#list,kept=[];for(let i=0;i<list.length;i+=2)list[i]===name&&(v===void 0||list[i+1]===v)||kept.
push(list[i],list[i+1]);this.#list=kept,this.#changed()}get(name){name=toUSV(name);let list=this.#list;for(let i=0;i<list.length;i+=2)if(list[i]===name)return list[i+
1];return null}getAll(name){name=toUSV(name);let list=this.#list,out2=[];for(let i=0;i<list.length;i+=2)list[i]===name&&out2.push(list[i+1]);return out2}has(name,value){
name=toUSV(name);let v=value===void 0?void 0:toUSV(value),list=this.#list;for(let i=0;i<list.length;i+=2)if(list[i]===name&&(v===void 0||list[i+1]===v))return!0;
return!1}set(name,value){if(arguments.length<2)throw new TypeError("Failed to execute 'set' on 'URLSearchParams': 2 arguments required.");name=toUSV(name),value=
toUSV(value);let list=this.#list,out2=[],found=!1;for(let i=0;i<list.length;i+=2)list[i]!==name?out2.push(list[i],list[i+1]):found||(out2.push(name,value),found=
!0);found||out2.push(name,value),this.#list=out2,this.#changed()}sort(){let list=this.#list,idx=[];for(let i=0;i<list.length;i+=2)idx.push(i);idx.sort((a,b)=>list[a]<
list[b]?-1:list[a]>list[b]?1:a-b);let out2=[];for(let i of idx)out2.push(list[i],list[i+1]);this.#list=out2,this.#changed()}forEach(callback,thisArg){for(let i=0;i<
this.#list.length;i+=2)callback.call(thisArg,this.#list[i+1],this.#list[i],this)}static{listOf=p=>p.#list}toString(){return serializeUrlencoded(this.#list)}};tag(
URLSearchParams,"URLSearchParams");definePairIterable(URLSearchParams,"URLSearchParams",listOf,{flat:!0});var urlSearchParamsUpdate=kUpdate;defineGlobal("URLSea\
rchParams",URLSearchParams);var streams_exports={};__export(streams_exports,{TextDecoderStream:()=>TextDecoderStream,TextEncoderStream:()=>TextEncoderStream,streamsLoaded:()=>streamsLoaded});var names=["ByteLengthQueuingStrategy","CountQueuingStrategy","ReadableByteStreamController","ReadableStream","ReadableStreamBYOBReader","ReadableStreamBYOBRequ\
est","ReadableStreamDefaultController","ReadableStreamDefaultReader","TransformStream","TransformStreamDefaultController","WritableStream","WritableStreamDefaul\
tController","WritableStreamDefaultWriter"],streams=null,streamsLoaded=()=>streams!==null;function loadStreams(){if(streams!==null)return streams;streams=host.loadLazy(
"web-streams");for(let name of names)defineGlobal(name,streams[name]);return addFrom(streams.ReadableStream),streams}for(let name of names)defineLazy(globalThis,
name,loadStreams);function addFrom(ReadableStream2){typeof ReadableStream2.from!="function"&&Object.defineProperty(ReadableStream2,"from",{writable:!0,configurable:!0,
value:function(iterable){let asyncIt=iterable?.[Symbol.asyncIterator],syncIt=iterable?.[Symbol.iterator];if(typeof asyncIt!="function"&&typeof syncIt!="function")
throw new TypeError("ReadableStream.from: argument is not iterable");let it=typeof asyncIt=="function"?asyncIt.call(iterable):syncIt.call(iterable);return new ReadableStream2(
{async pull(controller){let{value,done}=await it.next();done?controller.close():controller.enqueue(await value)},async cancel(reason){await it.return?.(reason)}},
{highWaterMark:0})}})}var TextEncoderStream=class{#stream;constructor(){let encoder3=new TextEncoder,pendingHigh="";this.#stream=new TransformStream({transform(chunk,controller){
let s=pendingHigh+String(chunk);pendingHigh="";let last=s.charCodeAt(s.length-1);last>=55296&&last<=56319&&(pendingHigh=s[s.length-1],s=s.slice(0,-1)),s&&controller.
enqueue(encoder3.encode(s))},flush(controller){pendingHigh&&controller.enqueue(encoder3.encode("�"))}})}get encoding(){return"utf-8"}get readable(){return this.#stream.
readable}get writable(){return this.#stream.writable}};tag(TextEncoderStream,"TextEncoderStream");var TextDecoderStream=class{#stream;#decoder;constructor(label="\
utf-8",options={}){let decoder2=this.#decoder=new TextDecoder(label,options);this.#stream=new TransformStream({transform(chunk,controller){let s=decoder2.decode(
chunk,{stream:!0});s&&controller.enqueue(s)},flush(controller){let s=decoder2.decode();s&&controller.enqueue(s)}})}get encoding(){return this.#decoder.encoding}get fatal(){
return this.#decoder.fatal}get ignoreBOM(){return this.#decoder.ignoreBOM}get readable(){return this.#stream.readable}get writable(){return this.#stream.writable}};
tag(TextDecoderStream,"TextDecoderStream");defineGlobal("TextEncoderStream",TextEncoderStream);defineGlobal("TextDecoderStream",TextDecoderStream);var encoder=new TextEncoder,decoder=new TextDecoder,formDecoder=new TextDecoder("utf-8",{ignoreBOM:!0}),kBody=Symbol("body"),kBytes=Symbol("bytes"),Body=class{constructor(kind,value,length=null,type=null){
this.kind=kind,this.value=value,type!==null&&(this.type=type),length!==null&&(this.length=length),kind==="stream"&&(this.stream=value)}get disturbed(){return this.
used||this.stream!==null&&this.stream._disturbed===!0}};Body.prototype.type=null;Body.prototype.length=null;Body.prototype.used=!1;Body.prototype.stream=null;var textType="\
text/plain;charset=UTF-8";function extractBody(init,keepalive=!1){if(typeof init=="string")return new Body("string",init,null,textType);if(init instanceof URLSearchParams)
return new Body("string",init.toString(),null,"application/x-www-form-urlencoded;charset=UTF-8");if(init instanceof ArrayBuffer||ArrayBuffer.isView(init)){let bytes=bytesOf(
init).slice();return new Body("bytes",bytes,bytes.length)}if(lazyLoaded("blob")&&init instanceof Blob)return new Body("blob",init,init.size,init.type||null);if(lazyLoaded(
"form-data")&&init instanceof FormData){let{bytes,contentType}=lazyModule("form-data").encodeMultipart(init);return new Body("bytes",bytes,bytes.length,contentType)}
if(streamsLoaded()&&init instanceof ReadableStream){if(keepalive)throw new TypeError("keepalive cannot be used with a ReadableStream body");if(init.locked||init.
_disturbed)throw new TypeError("Response body object should not be disturbed or locked");return new Body("stream",init)}return init!==null&&typeof init=="object"&&
typeof init[Symbol.asyncIterator]=="function"?new Body("stream",ReadableStream.from(init)):new Body("string",String(init),null,textType)}function sourceStream(source){
return new ReadableStream({type:"bytes",async pull(controller){let chunk=await source.read();chunk===null?(controller.close(),controller.byobRequest?.respond(0)):
chunk.byteLength>0&&controller.enqueue(new Uint8Array(chunk))},cancel(){source.cancel()}},{highWaterMark:0})}function streamOf(body){if(body===null)return null;
if(body.stream===null&&body.used)return body.stream=new ReadableStream({start(controller){controller.close()}}),body.stream.getReader().read(),body.stream;if(body.
stream===null){let{kind,value}=body;if(kind==="source")body.stream=sourceStream(value);else if(kind==="blob")body.stream=value.stream();else{let bytes=kind==="s\
tring"?encoder.encode(value):value;body.stream=new ReadableStream({type:"bytes",start(controller){bytes.length&&controller.enqueue(bytes.slice()),controller.close()}})}
body.kind="stream",body.value=body.stream}return body.stream}async function readAll(stream){let reader=stream.getReader(),chunks=[],size=0;for(;;){let{done,value}=await reader.
read();if(done)break;if(!(value instanceof Uint8Array))throw new TypeError("Received non-Uint8Array chunk");chunks.push(value),size+=value.length}if(chunks.length===
1)return chunks[0];let out2=new Uint8Array(size),off=0;for(let c of chunks)out2.set(c,off),off+=c.length;return out2}function claim(body){if(body!==null&&body.disturbed)
throw new TypeError("Body is unusable: Body has already been read");if(body!==null&&body.stream?.locked)throw new TypeError("Body is unusable: Body has already \
been read");body!==null&&(body.used=!0)}async function consumeBytes(body){if(body===null)return new Uint8Array(0);switch(body.kind){case"string":return encoder.
encode(body.value);case"bytes":return body.value.slice();case"blob":return body.value[kBytes].slice();case"source":return new Uint8Array(await body.value.all());default:
return readAll(body.stream)}}async function consumeText(body){return body!==null&&body.kind==="string"?body.value:decoder.decode(await consumeBytes(body))}function mimeEssence(type){
return(type??"").split(";")[0].trim().toLowerCase()}var bodyMixin={get body(){return streamOf(this[kBody])},get bodyUsed(){return this[kBody]!==null&&this[kBody].
disturbed},text(){let body=this[kBody];try{claim(body)}catch(e){return Promise.reject(e)}return body===null?Promise.resolve(""):body.kind==="string"?Promise.resolve(
body.value):body.kind==="source"?body.value.text():consumeText(body)},json(){let body=this[kBody];if(body===null||body.kind!=="source")return this.text().then(JSON.
parse);try{claim(body)}catch(e){return Promise.reject(e)}return body.value.json()},async arrayBuffer(){claim(this[kBody]);let bytes=await consumeBytes(this[kBody]);
return bytes.byteOffset===0&&bytes.byteLength===bytes.buffer.byteLength?bytes.buffer:bytes.slice().buffer},async bytes(){return claim(this[kBody]),consumeBytes(
this[kBody])},async blob(){claim(this[kBody]);let bytes=await consumeBytes(this[kBody]);return new Blob([bytes],{type:this.headers.get("content-type")??""})},async formData(){
claim(this[kBody]);let bytes=await consumeBytes(this[kBody]),type=this.headers.get("content-type"),essence=mimeEssence(type);if(essence==="multipart/form-data")
return lazyModule("form-data").decodeMultipart(bytes,type);if(essence==="application/x-www-form-urlencoded"){let form=new FormData,list=parseUrlencoded(formDecoder.
decode(bytes));for(let i=0;i<list.length;i+=2)form.append(list[i],list[i+1]);return form}throw new TypeError('Content-Type was not one of "multipart/form-data" \
or "application/x-www-form-urlencoded".')}};function mixBody(cls){for(let[name,desc]of Object.entries(Object.getOwnPropertyDescriptors(bodyMixin)))Object.defineProperty(
cls.prototype,name,{...desc,enumerable:!0});Object.defineProperty(cls.prototype,kBody,{value:null,writable:!0})}function cloneBody(body){if(body===null)return null;
if(body.disturbed)throw new TypeError("Response.clone: Body has already been consumed.");switch(body.kind){case"string":case"bytes":case"blob":return new Body(body.
kind,body.value,body.length,body.type);default:{let[a,b]=streamOf(body).tee();return body.stream=a,body.value=a,new Body("stream",b)}}}var fetch_exports={};__export(fetch_exports,{fetch:()=>fetch});var request_exports={};__export(request_exports,{Request:()=>Request,kController:()=>kController,kIncoming:()=>kIncoming});var headers_exports={};__export(headers_exports,{Headers:()=>Headers2,appendTrusted:()=>appendTrusted,hasName:()=>hasName,isToken:()=>isToken,kGuard:()=>kGuard,
kList:()=>kList});var token=/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/,badValue=/[\0\r\n]|[^\0-\xFF]/,edgeSpace=/^[\t\n\r ]|[\t\n\r ]$/,edgeSpaces=/^[\t\n\r ]+|[\t\n\r ]+$/g,kGuard=Symbol(
"guard"),kList=Symbol("list");function isToken(name){return token.test(name)}function checkName(name,method){if(!isToken(name))throw new TypeError(`Headers.${method}\
: "${name}" is an invalid header name.`);return name.toLowerCase()}function normalizeValue(value,method){let v=String(value);if(edgeSpace.test(v)&&(v=v.replace(
edgeSpaces,"")),badValue.test(v))throw new TypeError(`Headers.${method}: "${v}" is an invalid header value.`);return v}function hasName(headers,lowerName){let list=headers[kList];
for(let i=0;i<list.length;i++)if(list[i][0]===lowerName)return!0;return!1}function appendTrusted(headers,lowerName,value){headers[kList].push([lowerName,value])}
var sortedOf,Headers2=class _Headers{#brand;static#is(o){return#brand in o}constructor(init=void 0){if(this[kList]=[],this[kGuard]="none",init===void 0)return;if(init===
null||typeof init!="object"&&typeof init!="function")throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, \
ByteString> or sequence<sequence<ByteString>>)'.");let iterator=init[Symbol.iterator];if(iterator===_Headers.prototype[Symbol.iterator]&&_Headers.#is(init)){this[kList]=
init[kList].map(e=>[e[0],e[1]]);return}if(typeof iterator=="function"){let pairs=iterator.call(init);for(let pair of{[Symbol.iterator]:()=>pairs}){if(typeof pair==
"string"||typeof pair?.[Symbol.iterator]!="function")throw new TypeError("Failed to construct 'Headers': The provided value cannot be converted to a sequence.");
let p=[...pair];if(p.length!==2)throw new TypeError("Headers constructor: expected name/value pair to be length 2, found "+p.length+".");this.#append(p[0],p[1])}
return}for(let k of Reflect.ownKeys(init))if(Reflect.getOwnPropertyDescriptor(init,k)?.enumerable){if(typeof k=="symbol")throw new TypeError("Failed to construc\
t 'Headers': record keys must be strings.");if(/[^\x00-\xff]/.test(k))throw new TypeError(`Headers constructor: "${k}" is an invalid header name.`);this.#append(
k,init[k])}}static fromRaw(flat,guard2){let h=new _Headers,list=h[kList];for(let i=0;i<flat.length;i+=2)list.push([flat[i],flat[i+1]]);return h[kGuard]=guard2,h}static fromEntry(lowerName,value){
let h=new _Headers;return h[kList].push([lowerName,value]),h}#mutable(method){if(this[kGuard]==="immutable")throw new TypeError(`Headers.${method}: immutable`)}append(name,value){
if(arguments.length<2)throw new TypeError(`Failed to execute 'append' on 'Headers': 2 arguments required, but only ${arguments.length} present.`);this.#append(name,
value)}#append(name,value){let v=normalizeValue(value,"append"),n=checkName(String(name),"append");this.#mutable("append"),this[kList].push([n,v])}delete(name){
let n=checkName(String(name),"delete");this.#mutable("delete"),this[kList]=this[kList].filter(e=>e[0]!==n)}get(name){let n=checkName(String(name),"get"),out2=null;
for(let e of this[kList])e[0]===n&&(out2=out2===null?e[1]:`${out2}, ${e[1]}`);return out2}getSetCookie(){return this[kList].filter(e=>e[0]==="set-cookie").map(e=>e[1])}has(name){
let n=checkName(String(name),"has");return this[kList].some(e=>e[0]===n)}set(name,value){if(arguments.length<2)throw new TypeError(`Failed to execute 'set' on '\
Headers': 2 arguments required, but only ${arguments.length} present.`);let v=normalizeValue(value,"set"),n=checkName(String(name),"set");this.#mutable("set");let list=this[kList],
i=list.findIndex(e=>e[0]===n);if(i<0){list.push([n,v]);return}list[i]=[n,v],this[kList]=list.filter((e,j)=>j<=i||e[0]!==n)}#sorted(){let values=new Map;for(let[
n,v]of this[kList]){let list=values.get(n);list===void 0?values.set(n,[v]):list.push(v)}let out2=[];for(let n of[...values.keys()].sort()){let list=values.get(n);
if(n==="set-cookie")for(let v of list)out2.push([n,v]);else out2.push([n,list.length===1?list[0]:list.join(", ")])}return out2}forEach(callback,thisArg){if(typeof callback!=
"function")throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");for(let[k,v]of this.#sorted())callback.call(thisArg,
v,k,this)}static{sortedOf=h=>h.#sorted()}};tag(Headers2,"Headers");definePairIterable(Headers2,"Headers",sortedOf,{snapshot:!0});defineGlobal("Headers",Headers2);var emptyBytes=new Uint8Array(0),token2=/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/,RequestSource=class{constructor(h){this.h=h}read(){return host.bodyRead(this.h)}all(){return host.
bodyAll(this.h)}text(){return host.bodyText(this.h)}json(){return host.bodyJSON(this.h)}cancel(){host.bodyCancel(this.h)}},normalized=new Set(["DELETE","GET","H\
EAD","OPTIONS","POST","PUT"]),forbidden=new Set(["CONNECT","TRACE","TRACK"]),kIncoming=Symbol("incoming"),kController=Symbol("controller");function normalizeMethod(m){
if(m=String(m),!token2.test(m))throw new TypeError(`'${m}' is not a valid HTTP method.`);let upper=m.toUpperCase();if(forbidden.has(upper))throw new TypeError(`\
'${m}' HTTP method is unsupported.`);return normalized.has(upper)?upper:m}var enums={mode:["navigate","same-origin","no-cors","cors"],credentials:["omit","same-\
origin","include"],cache:["default","no-store","reload","no-cache","force-cache","only-if-cached"],redirect:["follow","error","manual"],duplex:["half"],priority:[
"high","low","auto"]},defaults={mode:"cors",credentials:"same-origin",cache:"default",redirect:"follow",referrer:"about:client",referrerPolicy:"",integrity:"",keepalive:!1},
Request=class _Request{#method="GET";#url="";#headers=null;#handle=-1;#signal=null;#s=null;constructor(input,init=void 0){if(input===kIncoming){if(this.#method=
init.method,this.#url=init.url,this.#handle=init.handle,init.hasBody){let h=init.handle;this[kBody]=new Body("source",new RequestSource(h))}else init.method!=="\
GET"&&init.method!=="HEAD"&&(this[kBody]=new Body("bytes",emptyBytes,0));return}if(input===void 0)throw new TypeError("Failed to construct 'Request': 1 argument\
 required, but only 0 present.");if(init!=null&&typeof init!="object")throw new TypeError("Failed to construct 'Request': The provided value is not of type 'Req\
uestInit'.");let inputBody=null;if(input instanceof _Request)this.#copyFrom(input),inputBody=input[kBody];else{let url=toUSV(input),href=host.urlHref(url);if(href===
null){let err=new TypeError(`Failed to parse URL from ${url}`);throw err.cause=new TypeError(`Invalid URL: ${url}`),err}if(href==="")throw new TypeError(`Reques\
t cannot be constructed from a URL that includes credentials: ${url}`);this.#url=href}if(init==null&&inputBody===null){this.#headers??=new Headers2;return}init??=
{};let s=this.#s??={};for(let key in enums)if(init[key]!==void 0&&!enums[key].includes(String(init[key])))throw new TypeError(`Failed to construct 'Request': Th\
e provided value '${init[key]}' is not a valid enum value of type Request${key[0].toUpperCase()}${key.slice(1)}.`);if(init.mode==="navigate")throw new TypeError(
"Failed to construct 'Request': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.");for(let key of["mode","credentials","cac\
he","redirect"])init[key]!==void 0&&(s[key]=init[key]);if(init.integrity!==void 0&&(s.integrity=String(init.integrity)),init.keepalive!==void 0&&(s.keepalive=!!init.
keepalive),init.referrer!==void 0&&(s.referrer=init.referrer===""?"":toUSV(init.referrer)),init.referrerPolicy!==void 0&&(s.referrerPolicy=String(init.referrerPolicy)),
init.method!==void 0&&(this.#method=normalizeMethod(init.method)),init.signal!==void 0&&init.signal!==null){if(!(init.signal instanceof AbortSignal))throw new TypeError(
"Failed to construct 'Request': member signal is not of type AbortSignal.");this.#signal=init.signal}init.headers!==void 0&&(this.#headers=new Headers2(init.headers)),
this.#headers??=new Headers2;let hasBody=init.body!==void 0&&init.body!==null;if(hasBody&&(this.#method==="GET"||this.#method==="HEAD"))throw new TypeError("Req\
uest with GET/HEAD method cannot have body.");if(hasBody){let body=extractBody(init.body,s.keepalive??!1);if(body.kind==="stream"&&init.duplex!=="half")throw new TypeError(
"RequestInit: duplex option is required when sending a body.");this[kBody]=body,body.type!==null&&!this.#headers.has("content-type")&&this.#headers.append("cont\
ent-type",body.type)}else if(inputBody!==null){if(inputBody.disturbed||inputBody.stream?.locked)throw new TypeError("Cannot construct a Request with a Request o\
bject that has already been used.");this[kBody]=inputBody,input[kBody]=new Body("string",""),input[kBody].used=!0}}#copyFrom(src){this.#s=src.#s===null?this.#s:
{...src.#s,...this.#s},this.#method=src.#method,this.#url=src.#url,this.#signal=src.signal,this.#headers=new Headers2(src.headers)}#opt(key){let v=this.#s?.[key];
return v===void 0?defaults[key]:v}get method(){return this.#method}get url(){return this.#url}get headers(){return this.#headers===null&&(this.#headers=this.#handle>=
0?Headers2.fromRaw(host.requestHeaders(this.#handle),"request"):new Headers2),this.#headers}get destination(){return""}get referrer(){let r=this.#opt("referrer");
return r==="no-referrer"?"":r}get referrerPolicy(){return this.#opt("referrerPolicy")}get mode(){return this.#opt("mode")}get credentials(){return this.#opt("cr\
edentials")}get cache(){return this.#opt("cache")}get redirect(){return this.#opt("redirect")}get integrity(){return this.#opt("integrity")}get keepalive(){return this.#opt(
"keepalive")}get isReloadNavigation(){return!1}get isHistoryNavigation(){return!1}get duplex(){return"half"}get signal(){return this.#signal??=(this[kController]??=
new AbortController).signal,this.#signal}clone(){if(this.bodyUsed)throw new TypeError("Request.clone: Body has already been consumed.");let out2=new this.constructor(
kIncoming,{handle:-1,method:this.#method,url:this.#url,hasBody:!1});return out2.#copyFrom(this),out2[kBody]=cloneBody(this[kBody]),out2}};mixBody(Request);tag(Request,
"Request");defineGlobal("Request",Request);var response_exports={};__export(response_exports,{Response:()=>Response2,Sendable:()=>Sendable,kHeaderEntry:()=>kHeaderEntry,kHeaderList:()=>kHeaderList,kNetwork:()=>kNetwork,
kSendable:()=>kSendable});var reasonPhrase=/^[\t\x20-\x7E\x80-\xFF]*$/,nullBodyStatus=new Set([101,103,204,205,304]),redirectStatus=new Set([301,302,303,307,308]),kNetwork=Symbol("networ\
k"),kHeaderEntry=Symbol("headerEntry"),kHeaderList=Symbol("headerList"),kSendable=Symbol("sendable"),Sendable=class{status=200;list=null;contentType=null;body=null},
Response2=class _Response{#status=200;#statusText="";#headers=null;#raw=null;#contentType=null;#type="default";#url="";#redirected=!1;constructor(body=null,init=void 0){
if(init!=null){if(typeof init!="object")throw new TypeError("Failed to construct 'Response': The provided value is not of type 'ResponseInit'.");if(init.status!==
void 0){let status=Number(init.status);if(!Number.isInteger(status)||status<200||status>599)throw new RangeError(`Failed to construct 'Response': The status pro\
vided (${init.status}) is outside the range [200, 599].`);this.#status=status}if(init.statusText!==void 0){let statusText=String(init.statusText);if(!reasonPhrase.
test(statusText))throw new TypeError("Failed to construct 'Response': Invalid statusText");this.#statusText=statusText}init.headers!==void 0&&(this.#headers=new Headers2(
init.headers),this.#headers[kGuard]="response")}if(body!=null){if(nullBodyStatus.has(this.#status))throw new TypeError(`Response constructor: Invalid response s\
tatus code ${this.#status}`);let b=extractBody(body);this[kBody]=b,b.type!==null&&this.#defaultType(b.type)}}#defaultType(type){this.#headers===null?this.#contentType=
type:this.#headers.has("content-type")||this.#headers.append("content-type",type)}[kNetwork](status,statusText,rawHeaders,url,redirected,body){return this.#status=
status,this.#statusText=statusText,this.#raw=rawHeaders,this.#contentType=null,this.#type="basic",this.#url=url,this.#redirected=redirected,this[kBody]=body,this}[kHeaderEntry](lowerName,value){
return this.#raw=[lowerName,value],this}[kSendable](out2){return this.#type==="error"?!1:(out2.status=this.#status,out2.body=this[kBody],this.#raw===null&&this.#headers===
null?(out2.list=null,out2.contentType=this.#contentType):(out2.list=this[kHeaderList],out2.contentType=null),!0)}get[kHeaderList](){if(this.#raw!==null){let raw=this.#raw,
list=[];for(let i=0;i<raw.length;i+=2)list.push([raw[i],raw[i+1]]);return list}return this.#headers!==null?this.#headers[kList]:this.#contentType===null?[]:[["c\
ontent-type",this.#contentType]]}static json(data,init=void 0){let text=JSON.stringify(data);if(text===void 0)throw new TypeError("Value is not JSON serializabl\
e");let res=new this(null,init);if(nullBodyStatus.has(res.#status))throw new TypeError(`Response constructor: Invalid response status code ${res.#status}`);return res[kBody]=
extractBody(text),res.#defaultType("application/json"),res}static redirect(url,status=302){let parsed;try{parsed=new URL(url)}catch(cause){let err=new TypeError(
`Failed to parse URL from ${url}`);throw err.cause=cause,err}if(status=Number(status),!redirectStatus.has(status))throw new RangeError(`Invalid status code ${status}`);
let res=new _Response(null,{status});return res.headers.set("location",parsed.href),res.#headers[kGuard]="immutable",res}static error(){let res=new _Response(null);
return res.#status=0,res.#type="error",res.headers[kGuard]="immutable",res}get type(){return this.#type}get url(){return this.#url}get redirected(){return this.#redirected}get status(){
return this.#status}get ok(){return this.#status>=200&&this.#status<=299}get statusText(){return this.#statusText}get headers(){return this.#raw!==null?(this.#headers=
Headers2.fromRaw(this.#raw,this.#type==="basic"?"immutable":"response"),this.#raw=null):this.#headers===null&&(this.#headers=this.#contentType===null?new Headers2:
Headers2.fromEntry("content-type",this.#contentType),this.#headers[kGuard]="response",this.#contentType=null),this.#headers}clone(){if(this.bodyUsed)throw new TypeError(
"Response.clone: Body has already been consumed.");let out2=new this.constructor(null,{status:this.#status===0?200:this.#status,statusText:this.#statusText,headers:this.
headers});return out2.#status=this.#status,out2.#type=this.#type,out2.#url=this.#url,out2.#redirected=this.#redirected,out2.#headers[kGuard]=this.#headers[kGuard],
out2[kBody]=cloneBody(this[kBody]),out2}};mixBody(Response2);tag(Response2,"Response");defineGlobal("Response",Response2);var data_cache_exports={};__export(data_cache_exports,{cacheConfig:()=>cacheConfig,readCache:()=>readCache,writeCache:()=>writeCache});var cacheConfig={enabled:!1,userProfiles:void 0,expireTime:void 0,profiles:null},refreshing=new Set;async function readCache(kind,key){let hit=await host.cacheGet(
kind,key,requestStorage.getStore()?.handle??-1);return hit===null?null:{stale:hit[0],status:hit[1],headers:hit[2],body:hit[3],refresh(make){let id=`${kind}
${key}`;refreshing.has(id)||(refreshing.add(id),requestStorage.exit(()=>Promise.resolve().then(make)).catch(err=>console.error(`refreshing a cached ${kind} resu\
lt failed:`,err)).finally(()=>refreshing.delete(id)))}}}function writeCache(kind,key,status,headers,body,seconds,tags,expire=0){return host.cacheSet(kind,key,status,
headers,body,seconds,tags,expire)}var nullBodyStatus2=new Set([101,103,204,205,304]);function wireHeaders(headers){let list=headers[kList];if(list.length===0)return null;let flat=[];for(let i=0;i<
list.length;i++)flat.push(list[i][0],list[i][1]);return flat}var FetchSource=class{constructor(id){this.id=id}read(){return host.fetchRead(this.id)}all(){return host.
fetchReadAll(this.id)}text(){return host.fetchReadText(this.id)}json(){return host.fetchReadJSON(this.id)}cancel(){host.fetchCancel(this.id)}};function networkResponse(id,hasBody,status,statusText,rawHeaders,url,redirected){
let body=hasBody?new Body("source",new FetchSource(id)):null;host.fetchResolve(new Response2(null)[kNetwork](status,statusText,rawHeaders,url,redirected,body))}
function fetch(input,init=void 0){if(init===void 0&&typeof input=="string"){let url=host.urlHref(input);if(url&&!isLocal(url))return host.fetchStart(host.fetchId(),
currentHandle(),"GET",url,null,null,"follow",networkResponse)}let request;try{request=new Request(input,init)}catch(err){return Promise.reject(err)}let signal=init?.
signal??(input instanceof Request?input.signal:null);if(signal?.aborted)return Promise.reject(signal.reason);if(isLocal(request.url))try{return Promise.resolve(
localResponse(request))}catch(err){return Promise.reject(err)}if(init?.next!==void 0||init?.cache!==void 0){let policy=cachePolicy(request,init);if(policy)return cachedFetch(
request,policy,()=>send(request,signal))}return send(request,signal)}function isLocal(url){return url.startsWith("data:")||url.startsWith("blob:")}function localResponse(request){
let{url}=request;if(url.startsWith("blob:")){let blob=request.method==="GET"&&lazyLoaded("blob")?lazyModule("blob").resolveObjectURL(url):void 0;if(blob===void 0)
throw new TypeError("fetch failed",{cause:new TypeError(`no Blob for ${url} in this worker`)});return new Response2(null)[kNetwork](200,"OK",["content-length",String(
blob.size),"content-type",blob.type],url,!1,new Body("blob",blob,blob.size))}let{type,body}=dataURL(url);return new Response2(null)[kNetwork](200,"OK",["content\
-type",type],url,!1,new Body("bytes",body,body.length))}function dataURL(url){let input=url.slice(5).split("#")[0],comma=input.indexOf(",");if(comma<0)throw new TypeError(
"fetch failed",{cause:new TypeError("invalid data: URL: no comma")});let type=input.slice(0,comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g,""),bytes=percentDecode(
input.slice(comma+1)),base64=/;[\t\n\f\r ]*base64$/i.exec(type);if(base64){type=type.slice(0,base64.index);let binary;try{let text="";for(let i=0;i<bytes.length;i+=
8192)text+=String.fromCharCode.apply(null,bytes.subarray(i,i+8192));binary=atob(text)}catch{throw new TypeError("fetch failed",{cause:new TypeError("invalid dat\
a: URL: bad base64")})}bytes=Uint8Array.from(binary,c=>c.charCodeAt(0))}return type.startsWith(";")&&(type="text/plain"+type),/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(;.*)?$/.
test(type)||(type="text/plain;charset=US-ASCII"),{type:type.replace(/^[^;]*/,essence=>essence.toLowerCase()),body:bytes}}function percentDecode(s){let out2=new Uint8Array(
s.length),n=0;for(let i=0;i<s.length;i++){let c=s.charCodeAt(i);c===37&&/^[0-9A-Fa-f]{2}$/.test(s.slice(i+1,i+3))?(out2[n++]=parseInt(s.slice(i+1,i+3),16),i+=2):
out2[n++]=c}return out2.subarray(0,n)}function currentHandle(){return requestStorage.getStore()?.handle??-1}function start(id,handle,request,bytes){return host.
fetchStart(id,handle,request.method,request.url,wireHeaders(request.headers),bytes,request.redirect,networkResponse)}function send(request,signal){let handle=currentHandle(),
id=host.fetchId(),body=request[kBody];if(signal===null)return body===null?start(id,handle,request,null):request.arrayBuffer().then(b=>start(id,handle,request,new Uint8Array(
b)));let started=!1;return new Promise((resolve,reject)=>{let onAbort=()=>{started&&host.fetchCancel(id),reject(signal.reason)};signal.addEventListener("abort",
onAbort,{once:!0}),(body===null?Promise.resolve(null):request.arrayBuffer().then(b=>new Uint8Array(b))).then(bytes=>{if(signal.aborted)throw signal.reason;return started=
!0,start(id,handle,request,bytes)}).then(res=>{let resBody=res[kBody];resBody!==null&&signal.addEventListener("abort",()=>resBody.stream?.cancel(signal.reason).
catch(()=>{}),{once:!0}),resolve(res)},reject).finally(()=>signal.removeEventListener("abort",onAbort))})}function cachePolicy(request,init){let next=init.next??
{},tags=Array.isArray(next.tags)?next.tags.filter(t=>typeof t=="string"&&t.length<=256):[];tags.length&&host.cacheTagsUsed(requestStorage.getStore()?.handle??-1,
tags);let{revalidate}=next;if(revalidate!==void 0&&revalidate!==!1&&!(typeof revalidate=="number"&&revalidate>=0))throw new TypeError(`fetch: next.revalidate mu\
st be false or a number of seconds >= 0, got ${revalidate}`);return request.method!=="GET"||init.cache==="no-store"||init.cache==="no-cache"||revalidate===0?null:
typeof revalidate=="number"?{seconds:Math.ceil(revalidate),tags}:init.cache==="force-cache"||revalidate===!1?{seconds:0,tags}:null}async function cachedFetch(request,policy,network){
let key=JSON.stringify([request.url,flatten(request.headers)]),fill=async()=>{let res=await network();if(!res.ok)return res;let body=await res.arrayBuffer(),flat=flatten(
res.headers);return await writeCache("fetch",key,res.status,flat,body,policy.seconds,policy.tags).catch(err=>console.error("fetch: storing the response in the d\
ata cache failed:",err)),cachedResponse(res.status,flat,body,request.url)},hit;try{hit=await readCache("fetch",key)}catch(err){return console.error("fetch: read\
ing the data cache failed:",err),network()}return hit===null?fill():(hit.stale&&hit.refresh(fill),cachedResponse(hit.status,hit.headers,hit.body,request.url))}function flatten(headers){
let flat=[];for(let[name,value]of headers)flat.push(name,value);return flat}function cachedResponse(status,flat,body,url){let headers=new Headers2;for(let i=0;i+
1<flat.length;i+=2)headers.append(flat[i],flat[i+1]);let res=new Response2(nullBodyStatus2.has(status)?null:body,{status,headers});return Object.defineProperty(
res,"url",{value:url}),res}defineGlobal("fetch",fetch);var intl_exports={};var Intl={};Object.defineProperty(Intl,Symbol.toStringTag,{value:"Intl",configurable:!0});Object.defineProperty(globalThis,"Intl",{value:Intl,writable:!0,configurable:!0,
enumerable:!1});var parts={getCanonicalLocales:["intl-getcanonicallocales",!1],Locale:["intl-locale",!1],supportedValuesOf:["intl-supportedvaluesof",!1],PluralRules:[
"intl-pluralrules",!0],NumberFormat:["intl-numberformat",!0],DateTimeFormat:["intl-datetimeformat",!0],RelativeTimeFormat:["intl-relativetimeformat",!0],ListFormat:[
"intl-listformat",!0],DisplayNames:["intl-displaynames",!0],Segmenter:["intl-segmenter",!1]},index;function wire(name,Ctor){index??=JSON.parse(host.intlIndex());
let files2=index[name],data=Ctor.localeData,loaded3=new Set,load3=file=>{if(loaded3.has(file))return;loaded3.add(file);let d=JSON.parse(host.intlData(name,file));
typeof d.data.fn=="string"&&(d.data.fn=new Function(`return (${d.data.fn})`)()),Ctor.__addLocaleData(d)};for(let tag2 of Object.keys(files2))Ctor.availableLocales.
add(tag2);if(Ctor.localeData=new Proxy(data,{get(target,tag2){let file=typeof tag2=="string"?files2[tag2]:void 0;return file===void 0?target[tag2]:(load3(file),
target[file])},has(target,tag2){return tag2 in target||typeof tag2=="string"&&Object.hasOwn(files2,tag2)}}),shapeAsV8[name]?.(Ctor),Ctor.__defaultLocale="en-US",
name==="DateTimeFormat"){Ctor.__addCalendarData(...calendars),Ctor.tzData=timeZones();try{Ctor.__setDefaultTimeZone(host.intlDefaultTimeZone())}catch{Ctor.__setDefaultTimeZone(
"UTC")}}}var calendars=[{calendar:"buddhist",dateFromTime(t){let d=new Date(t);return{era:"BE",year:d.getUTCFullYear()+543,month:d.getUTCMonth(),day:d.getUTCDate()}}},
{calendar:"persian",dateFromTime(t){let days=Math.floor(t/864e5)+2440588-1948320,year=1+Math.floor((33*days+3)/12053),dayOfYear=days-(365*(year-1)+Math.floor((8*
year+21)/33)),month=dayOfYear<216?Math.floor(dayOfYear/31):Math.floor((dayOfYear-6)/30),day=dayOfYear-(month<7?31*month:30*month+6)+1;return{era:"AP",year,month,
day}}}],resolvedOrder={NumberFormat:["locale","numberingSystem","style","currency","currencyDisplay","currencySign","unit","unitDisplay","minimumIntegerDigits",
"minimumFractionDigits","maximumFractionDigits","minimumSignificantDigits","maximumSignificantDigits","useGrouping","notation","compactDisplay","signDisplay","r\
oundingMode","roundingIncrement","trailingZeroDisplay","roundingPriority"],PluralRules:["locale","type","minimumIntegerDigits","minimumFractionDigits","maximumF\
ractionDigits","minimumSignificantDigits","maximumSignificantDigits","pluralCategories"]};function reorderResolved(Ctor,keys,fix){let real=Ctor.prototype.resolvedOptions;
Object.defineProperty(Ctor.prototype,"resolvedOptions",{value:function(){let got=real.call(this),out2={};for(let k of keys)got[k]!==void 0&&(out2[k]=got[k]);return fix?
fix(out2):out2},writable:!0,configurable:!0})}function wrapFormat(Ctor,wrap){let{get}=Object.getOwnPropertyDescriptor(Ctor.prototype,"format"),bound=new WeakMap;
Object.defineProperty(Ctor.prototype,"format",{get(){let f=bound.get(this);return f===void 0&&(f=wrap(this,get.call(this)),bound.set(this,f)),f},configurable:!0})}
function fastDates(Ctor){wrapFormat(Ctor,(dtf,real)=>{let plain=date=>real(date).replaceAll(" "," "),key,template;return date=>{template===void 0&&(key??=JSON.
stringify(dtf.resolvedOptions()),template=learnedTemplate(key,()=>dateTemplate(Ctor,dtf,real)));let t=template==null?NaN:date===void 0?Date.now():Number(date),out2=Number.
isFinite(t)?host.dateFormat(template,t):void 0;return out2===void 0?plain(date):out2.replaceAll(" "," ")}})}var learnAfter=3,dateTemplates=new Map;function learnedTemplate(key,learn){
let entry=dateTemplates.get(key);if(entry!==void 0&&typeof entry!="number")return entry;let uses=(entry??0)+1,template=null;if(uses<learnAfter){dateTemplates.set(
key,uses);return}try{template=learn()??null}catch{template=null}return dateTemplates.size>=256&&dateTemplates.clear(),dateTemplates.set(key,template),template}var dateFields=[
"weekday","year","month","day","dayPeriod","hour","minute","second"],dateProbes=[0,-1,1e12,1717243199999,Date.UTC(2024,0,5,3,4,5),Date.UTC(2024,6,15,12,0,0),Date.
UTC(2024,2,31,0,30),Date.UTC(2024,9,27,23,59,59),Date.UTC(1999,11,31,23,0),Date.UTC(2038,0,19,3,14,8),Date.UTC(1955,4,9,11,59,59),Date.UTC(2100,1,28,18,45),Date.
UTC(2024,1,29,12,0),Date.UTC(2024,10,3,9,30)];function dateTemplate(Ctor,dtf,real){let o=dtf.resolvedOptions();if(o.calendar!=="gregory"||o.numberingSystem!=="l\
atn"||o.era!==void 0||o.timeZoneName!==void 0||o.fractionalSecondDigits!==void 0||o.dayPeriod!==void 0)return;let options={timeZone:"UTC",calendar:"gregory",numberingSystem:"\
latn"};for(let k of["dateStyle","timeStyle","hourCycle",...dateFields])o[k]!==void 0&&(options[k]=o[k]);if(o.dateStyle!==void 0||o.timeStyle!==void 0)for(let k of dateFields)
delete options[k];let twin=new Ctor(o.locale,options),at=ms=>twin.formatToParts(ms),probe=at(Date.UTC(2024,0,5,3,4,5));if(probe.some(p=>p.type!=="literal"&&!dateFields.
includes(p.type)))return;let value=(parts3,type)=>parts3.find(p=>p.type===type)?.value,has=type=>probe.some(p=>p.type===type),parts2=probe.map(p=>p.type==="lite\
ral"?["",p.value,!1]:p.type==="weekday"||p.type==="dayPeriod"?[p.type,"",!1]:p.type==="month"&&!/^\d+$/.test(p.value)?["month","",!1]:[p.type,"",/^0\d$/.test(p.
value)||p.type==="year"&&p.value.length===2]),textMonth=has("month")&&!/^\d+$/.test(value(probe,"month")),months=Array.from({length:12},(_,m)=>textMonth?value(at(
Date.UTC(2024,m,15,12)),"month"):""),weekdays=Array.from({length:7},(_,d)=>has("weekday")?value(at(Date.UTC(2024,0,7+d,12)),"weekday"):""),periods=Array.from({length:24},
(_,h)=>has("dayPeriod")?value(at(Date.UTC(2024,0,5,h,30)),"dayPeriod"):""),template=host.dateTemplate([o.timeZone,o.hourCycle??"",parts2,months,weekdays,periods]);
if(template!==void 0){for(let t of dateProbes){let fast=host.dateFormat(template,t);if(fast!==void 0&&fast!==real(t))return}for(let t of[Date.UTC(2024,0,5,0,0),
Date.UTC(2024,0,5,12,0)])if(has("dayPeriod")&&value(at(t),"dayPeriod")!==periods[new Date(t).getUTCHours()])return;return template}}function fastNumbers(Ctor){wrapFormat(
Ctor,(nf,real)=>{let template=numberTemplate(nf,real);return template===void 0?real:x=>typeof x=="number"?host.numberFormat(template,x)??real(x):real(x)})}var probes=[
0,1,-1,.5,2.5,-2.5,7.125,1234,12345,1234.5,-1234.5678,1e6,123456789123e-3,.001,99.995,.1+.2,1.005,5e-7,1e21,9007199254740992];function numberTemplate(nf,real){let o=nf.
resolvedOptions();if(o.notation!=="standard"||o.roundingIncrement!==1||o.roundingMode!=="halfExpand"||o.roundingPriority!=="auto"||o.minimumSignificantDigits!==
void 0||o.trailingZeroDisplay!=="auto"||o.signDisplay!=="auto"||!["decimal","percent","currency"].includes(o.style)||o.currencyDisplay==="name")return;let numeric=new Set(
["integer","group","decimal","fraction"]),shape=x=>{let parts2=nf.formatToParts(x),first=parts2.findIndex(p=>numeric.has(p.type)),last=first;for(;last+1<parts2.
length&&numeric.has(parts2[last+1].type);)last++;let text=ps=>ps.map(p=>p.value).join("");return{prefix:text(parts2.slice(0,first)),suffix:text(parts2.slice(last+
1)),ints:parts2.filter(p=>p.type==="integer").map(p=>p.value),group:parts2.find(p=>p.type==="group")?.value??"",decimal:parts2.find(p=>p.type==="decimal")?.value}},
pos=shape(1234567891e-3),neg=shape(-1234567891e-3),digits=Array.from(shape(9876543210).ints.join(""));if(digits.length!==10)return;let order="9876543210",byValue=[];
for(let i=0;i<10;i++)byValue[+order[i]]=digits[i];let grouped=pos.ints.length>1,primary=grouped?Array.from(pos.ints[pos.ints.length-1]).length:0,secondary=grouped&&
pos.ints.length>2?Array.from(pos.ints[pos.ints.length-2]).length:primary||1,minGrouping=grouped&&shape(10**primary).ints.length===1?2:1,template=host.numberTemplate(
[pos.prefix,pos.suffix,neg.prefix,neg.suffix,pos.group,pos.decimal??".",primary,secondary,minGrouping,byValue,o.minimumIntegerDigits,o.minimumFractionDigits,o.maximumFractionDigits,
o.style==="percent"]);for(let x of probes){let fast=host.numberFormat(template,x);if(fast!==void 0&&fast!==real(x))return}return template}var zoneData,zones=()=>zoneData??=
JSON.parse(host.intlData("TimeZone","zones"));function icuZones(Ctor){Ctor.__resolveZone=(written2,resolved3)=>zones().names[`${written2??resolved3}`.toUpperCase()]??
resolved3}var shapeAsV8={DateTimeFormat:Ctor=>{icuZones(Ctor),fastDates(Ctor)},NumberFormat:Ctor=>{reorderResolved(Ctor,resolvedOrder.NumberFormat),fastNumbers(
Ctor)},ListFormat:contextualLists,PluralRules:Ctor=>reorderResolved(Ctor,resolvedOrder.PluralRules,o=>(o.pluralCategories=[...o.pluralCategories].sort((a,b)=>(a===
"other")-(b==="other")||(a<b?-1:a>b?1:0)),o))},listChanges={es:[[" y "," e ",w=>/^(?:i|hi(?![ae]))/i.test(w)],[" o "," u ",w=>/^(?:o|ho|8|11(?: |$))/i.test(w)]],
he:[[" ו"," ו-",w=>w!==""&&!new RegExp("^\\p{Script=Hebrew}","u").test(w)]]};listChanges.iw=listChanges.he;function contextualLists(Ctor){let{formatToParts}=Ctor.
prototype,language=new WeakMap,changed=(lf,list)=>{let parts2=formatToParts.call(lf,list),lang=language.get(lf);lang===void 0&&language.set(lf,lang=lf.resolvedOptions().
locale.split("-")[0]);let rules=listChanges[lang];if(rules===void 0||parts2.length<3)return parts2;let literal=parts2[parts2.length-2],next=parts2[parts2.length-
1].value;for(let[from,to,applies]of rules)literal.type==="literal"&&literal.value===from&&applies(next)&&(literal.value=to);return parts2};Object.defineProperties(
Ctor.prototype,{formatToParts:{value:function(list){return changed(this,list)},writable:!0,configurable:!0},format:{value:function(list){return changed(this,list).
map(p=>p.value).join("")},writable:!0,configurable:!0}})}function timeZones(){let tz=host.intlTimeZones(),{abbrvs,offsets,zones:zones2}=tz,abbr=abbrvs.split("|"),
offset=offsets.split("|").map(n=>parseInt(n,36)),unpacked=Object.create(null),unpack=zone=>unpacked[zone]??=zones2[zone].split("|").map(z=>{let[ts,abbrvIndex,offsetIndex,
dst]=z.split(",");return[ts===""?-1/0:parseInt(ts,36),abbr[+abbrvIndex],offset[+offsetIndex],dst==="1"]}),names2=Object.keys(zones2);return new Proxy(unpacked,{
get:(_t,zone)=>typeof zone=="string"&&Object.hasOwn(zones2,zone)?unpack(zone):void 0,has:(_t,zone)=>typeof zone=="string"&&Object.hasOwn(zones2,zone),ownKeys:()=>names2,
getOwnPropertyDescriptor:(_t,zone)=>typeof zone=="string"&&Object.hasOwn(zones2,zone)?{value:void 0,writable:!0,enumerable:!0,configurable:!0}:void 0})}function listZonesAsV8(real){
return{supportedValuesOf(key){return`${key}`=="timeZone"?[...zones().list]:real(key)}}.supportedValuesOf}function memoizeCanonical(real){let memo2=new Map,getCanonicalLocales={
getCanonicalLocales(locales){try{return canonical(locales)}catch(e){throw e instanceof RangeError?new RangeError("Incorrect locale information provided"):e}}}.getCanonicalLocales;
function canonical(locales){let one=typeof locales=="string"?locales:Array.isArray(locales)&&locales.length===1&&typeof locales[0]=="string"?locales[0]:void 0;if(one===
void 0)return real(locales);let tags=memo2.get(one);return tags===void 0&&(tags=real(one),memo2.size>=1024&&memo2.clear(),memo2.set(one,tags)),[...tags]}return getCanonicalLocales}
var wrappers={getCanonicalLocales:memoizeCanonical,supportedValuesOf:listZonesAsV8};for(let[name,[module2,localized]]of Object.entries(parts)){let define3=value=>Object.
defineProperty(Intl,name,{value,writable:!0,configurable:!0,enumerable:!1});Object.defineProperty(Intl,name,{configurable:!0,enumerable:!1,get(){define3(void 0);
try{lazyModule(module2)}finally{Intl[name]===void 0&&define3(void 0)}let value=Intl[name];if(value===void 0)throw new TypeError(`Intl.${name} is not available: \
its module did not define it`);localized&&wire(name,value),restore(name);let wrapped=wrappers[name]?.(value);return wrapped===void 0?value:(define3(wrapped),wrapped)},
set:define3})}function collatorLocale(locales){let[tag2]=Intl.getCanonicalLocales(locales);return tag2?tag2.replace(/-u-.*$/,""):"en-US"}var Collator=class{#go;#options;#compare;constructor(locales,options){
let o=options===void 0?{}:Object(options),usage=stringOption(o,"usage",["sort","search"],"sort"),numeric=o.numeric===void 0?void 0:!!o.numeric,caseFirst=stringOption(
o,"caseFirst",["upper","lower","false"],void 0),sensitivity=stringOption(o,"sensitivity",["base","accent","case","variant"],"variant"),ignorePunctuation=o.ignorePunctuation===
void 0?!1:!!o.ignorePunctuation;stringOption(o,"localeMatcher",["lookup","best fit"],"best fit");let locale=collatorLocale(locales),requested=Intl.getCanonicalLocales(
locales)[0]??"",fromTag=/-u(?:-[a-z0-9]{2,8})*-kn(?:-(true|false))?(?:-|$)/.exec(requested),caseFromTag=/-u(?:-[a-z0-9]{2,8})*-kf-(upper|lower|false)(?:-|$)/.exec(
requested)?.[1];this.#options={locale,usage,sensitivity,ignorePunctuation,collation:"default",numeric:numeric??(fromTag?fromTag[1]!=="false":!1),caseFirst:caseFirst??
caseFromTag??"false"},this.#go=host.collator(locale,this.#options)}get compare(){if(!this.#compare){let go=this.#go;this.#compare=(a,b)=>host.collatorCompare(go,
`${a}`,`${b}`)}return this.#compare}resolvedOptions(){return{...this.#options}}static supportedLocalesOf(locales){return Intl.getCanonicalLocales(locales)}};Object.
defineProperty(Collator.prototype,Symbol.toStringTag,{value:"Intl.Collator",configurable:!0});Object.defineProperty(Intl,"Collator",{value:Collator,writable:!0,
configurable:!0,enumerable:!1});function stringOption(o,name,allowed,fallback){let v=o[name];if(v===void 0)return fallback;let s=`${v}`;if(!allowed.includes(s))
throw new RangeError(`Value ${s} out of range for Intl.Collator options property ${name}`);return s}var memo=new Map;function memoized(key,make){let v=memo.get(
key);return v===void 0&&(memo.size>=64&&memo.clear(),v=make(),memo.set(key,v)),v}var simple=(locales,options)=>options===void 0&&(locales===void 0||typeof locales==
"string"),stubs={};function lateBound(proto,name,part,fast){let real,stub={[name](...args){if(fast){let out2=fast(this,...args);if(out2!==void 0)return out2}if(real===
void 0&&Intl[part],real===void 0)throw new TypeError(`${name} is not available`);return real.apply(this,args)}}[name];Object.defineProperty(proto,name,{value:stub,
writable:!0,configurable:!0}),(stubs[part]??=[]).push(()=>{real=proto[name]===stub?real:proto[name],Object.defineProperty(proto,name,{value:stub,writable:!0,configurable:!0})})}
var restore=part=>stubs[part]?.forEach(f=>f());lateBound(Number.prototype,"toLocaleString","NumberFormat",(x,locales,options)=>{if(!simple(locales,options))return;
let n=Number.prototype.valueOf.call(x);return memoized(`n:${locales}`,()=>new Intl.NumberFormat(locales)).format(n)});typeof BigInt=="function"&&lateBound(BigInt.
prototype,"toLocaleString","NumberFormat");var dateDefaults={toLocaleString:{year:"numeric",month:"numeric",day:"numeric",hour:"numeric",minute:"numeric",second:"\
numeric"},toLocaleDateString:{year:"numeric",month:"numeric",day:"numeric"},toLocaleTimeString:{hour:"numeric",minute:"numeric",second:"numeric"}};for(let[name,
defaults2]of Object.entries(dateDefaults))lateBound(Date.prototype,name,"DateTimeFormat",(d,locales,options)=>{if(!simple(locales,options))return;let t=Date.prototype.
getTime.call(d);return Number.isNaN(t)?"Invalid Date":memoized(`${name}:${locales}`,()=>new Intl.DateTimeFormat(locales,defaults2)).format(t)});Object.defineProperty(
String.prototype,"localeCompare",{value:function(that,locales,options){if(this===null||this===void 0)throw new TypeError("String.prototype.localeCompare called \
on null or undefined");return(simple(locales,options)?memoized(`c:${locales}`,()=>new Collator(locales)):new Collator(locales,options)).compare(`${this}`,`${that}`)},
writable:!0,configurable:!0});for(let[name,upper]of[["toLocaleUpperCase",!0],["toLocaleLowerCase",!1]])Object.defineProperty(String.prototype,name,{value:{[name](locales){
if(this===null||this===void 0)throw new TypeError(`String.prototype.${name} called on null or undefined`);let tag2=locales===void 0?"und":Intl.getCanonicalLocales(
locales)[0]??"und";return host.caseMap(`${this}`,tag2,upper)}}[name],writable:!0,configurable:!0});var memory_exports={};var floor=1<<20,maxString=2**29-24,elementBytes=64,reserve=(bytes,message)=>{bytes>=floor&&host.reserve(bytes,message)};function replace(target,name,make){let original=target[name],
wrapper=make(original);Object.defineProperty(wrapper,"name",{value:original.name}),Object.defineProperty(wrapper,"length",{value:original.length}),Object.defineProperty(
target,name,{value:wrapper,writable:!0,configurable:!0,enumerable:!1})}var toLength=v=>{let n=Math.trunc(Number(v));return Number.isFinite(n)&&n>0?n:0},clampIndex=(v,len,dflt)=>{
if(v===void 0)return dflt;let n=Math.trunc(Number(v))||0;return n<0?Math.max(len+n,0):Math.min(n,len)},stringBytes=(units,s)=>{if(units>maxString)throw new RangeError(
"Invalid string length");return/^[\x00-\x7f]*$/.test(s)?units:2*units};replace(Array.prototype,"fill",fill=>function(value,start4,end){let len=toLength(this?.length);
if(len*elementBytes>=floor){let n=clampIndex(end,len,len)-clampIndex(start4,len,0);reserve(n*elementBytes,`Array.prototype.fill of ${n} elements`)}return fill.call(
this,value,start4,end)});replace(Array,"from",from=>function(items,...rest){if(items!=null&&typeof items[Symbol.iterator]!="function"){let n=toLength(items.length);
reserve(n*elementBytes,`Array.from of ${n} elements`)}return from.call(this,items,...rest)});replace(Array.prototype,"join",join=>function(separator){let len=toLength(
this?.length);if(len>1){let sep=separator===void 0?1:String(separator).length;if(reserve((len-1)*sep*2,`Array.prototype.join of ${len} elements`),(len-1)*sep>maxString)
throw new RangeError("Invalid string length")}return join.call(this,separator)});replace(String.prototype,"repeat",repeat=>function(count){let s=String(this),n=Number(
count);if(s.length>0&&Number.isFinite(n)&&n>1){let units=s.length*Math.trunc(n);2*units>=floor&&reserve(stringBytes(units,s),"Invalid string length")}return repeat.
call(this,count)});for(let name of["padStart","padEnd"])replace(String.prototype,name,pad=>function(maxLength,fill){let n=toLength(maxLength);return n>floor/2&&
reserve(stringBytes(n,fill===void 0?" ":String(fill)),"Invalid string length"),pad.call(this,maxLength,fill)});replace(JSON,"parse",parse=>function(text,reviver){
typeof text=="string"&&text.length>=floor/8&&host.jsonReserve(text);try{return parse.call(this,text,reviver)}catch(err){if(!(err instanceof SyntaxError))throw err;
let v8=host.jsonError(String(text));if(v8 instanceof SyntaxError)throw v8;return typeof reviver=="function"?revive({"":v8[0]},"",reviver):v8[0]}});function revive(holder,key,reviver){
let value=holder[key];if(value!==null&&typeof value=="object")for(let k of Array.isArray(value)?value.keys():Object.keys(value)){let v=revive(value,String(k),reviver);
v===void 0?delete value[k]:value[k]=v}return reviver.call(holder,key,value)}host.jsonOwn(JSON.parse);function guardConstructor(name,size){let Original=globalThis[name],
construct=Reflect.construct,slice=Array.prototype.slice,Guarded=function(a,b,c){return new.target===void 0?Original(a,b,c):(typeof a=="number"&&a*size>=floor&&host.
reserve(toLength(a)*size,"Array buffer allocation failed"),new.target===Guarded?new Original(a,b,c):construct(Original,slice.call(arguments),new.target))};Object.
defineProperty(Guarded,"name",{value:name}),Object.setPrototypeOf(Guarded,Object.getPrototypeOf(Original));for(let key of Reflect.ownKeys(Original))key!=="lengt\
h"&&key!=="name"&&key!=="prototype"&&key!=="caller"&&key!=="arguments"&&Object.defineProperty(Guarded,key,Object.getOwnPropertyDescriptor(Original,key));Object.
defineProperty(Guarded,"prototype",{value:Original.prototype}),Object.defineProperty(Guarded,"length",{value:Original.length}),Object.defineProperty(Original.prototype,
"constructor",{value:Guarded,writable:!0,configurable:!0,enumerable:!1}),Object.defineProperty(globalThis,name,{value:Guarded,writable:!0,configurable:!0,enumerable:!1})}
guardConstructor("ArrayBuffer",1);for(let name of["Int8Array","Uint8Array","Uint8ClampedArray","Int16Array","Uint16Array","Int32Array","Uint32Array","Float32Arr\
ay","Float64Array","BigInt64Array","BigUint64Array"])guardConstructor(name,globalThis[name].BYTES_PER_ELEMENT);var navigation_exports={};__export(navigation_exports,{RedirectType:()=>RedirectType,authInterruptStatus:()=>authInterruptStatus,authInterrupts:()=>authInterrupts,
forbidden:()=>forbidden2,isNotFoundError:()=>isNotFoundError,isRedirectError:()=>isRedirectError,notFound:()=>notFound,permanentRedirect:()=>permanentRedirect,redirect:()=>redirect,
redirectTarget:()=>redirectTarget,unauthorized:()=>unauthorized,unstable_rethrow:()=>unstable_rethrow});var REDIRECT="NEXT_REDIRECT",HTTP_FALLBACK="NEXT_HTTP_ER\
ROR_FALLBACK",RedirectType={push:"push",replace:"replace"};function redirectError(url,type,status){let err=new Error(REDIRECT);return err.digest=`${REDIRECT};${type}\
;${url};${status};`,err}function redirect(url,type=RedirectType.replace){throw redirectError(url,type,307)}function permanentRedirect(url,type=RedirectType.replace){
throw redirectError(url,type,308)}function notFound(){let err=new Error(`${HTTP_FALLBACK};404`);throw err.digest=`${HTTP_FALLBACK};404`,err}var authInterrupts={
enabled:!1};function httpFallback(status){let err=new Error(`${HTTP_FALLBACK};${status}`);return err.digest=`${HTTP_FALLBACK};${status}`,err}function forbidden2(){
throw authInterrupts.enabled?httpFallback(403):new Error("`forbidden()` is experimental and only allowed to be enabled when `experimental.authInterrupts` is ena\
bled.")}function unauthorized(){throw authInterrupts.enabled?httpFallback(401):new Error("`unauthorized()` is experimental and only allowed to be used when `exp\
erimental.authInterrupts` is enabled.")}function authInterruptStatus(err){return err?.digest===`${HTTP_FALLBACK};401`?401:err?.digest===`${HTTP_FALLBACK};403`?403:
0}function isRedirectError(err){if(typeof err?.digest!="string")return!1;let parts2=err.digest.split(";");return parts2[0]===REDIRECT&&(parts2[1]==="replace"||parts2[1]===
"push")&&!isNaN(Number(parts2.at(-2)))}function isNotFoundError(err){return err?.digest===`${HTTP_FALLBACK};404`}function redirectTarget(err){let parts2=err.digest.
split(";");return{url:parts2.slice(2,-2).join(";"),status:Number(parts2.at(-2))}}function unstable_rethrow(err){if(isRedirectError(err)||isNotFoundError(err)||authInterruptStatus(
err)!==0)throw err;err instanceof Error&&"cause"in err&&unstable_rethrow(err.cause)}var prerender_exports={};__export(prerender_exports,{CACHE_COMPONENTS:()=>CACHE_COMPONENTS,LEGACY:()=>LEGACY,installSyncIOTracking:()=>installSyncIOTracking,prerender:()=>prerender,
realNow:()=>realNow});var LEGACY=1,CACHE_COMPONENTS=2,requestMembers=new Set(["headers","cookies","url","body","blob","json","text","arrayBuffer","formData"]),urlMembers=new Set(["se\
arch","searchParams","url","href","toJSON","toString","origin"]);function guard(request,store){let nextUrl;return new Proxy(request,{get(target,prop){if(requestMembers.
has(prop))throw markDynamic(store,`request.${prop}`);if(prop==="nextUrl")return nextUrl??=new Proxy(target.nextUrl,{get(url,key){if(urlMembers.has(key))throw markDynamic(
store,`nextUrl.${key}`);let v2=Reflect.get(url,key,url);return typeof v2=="function"?v2.bind(url):v2}}),nextUrl;let v=Reflect.get(target,prop,target);return typeof v==
"function"?v.bind(target):v}})}async function prerender(store,mod,exportName,context,mode){store.prerender=mode;let request=guard(store.request,store),call=()=>mod[exportName](
request,context);try{if(mode===LEGACY)return await call();store.prerenderCache=new Map;try{let res=await call();res instanceof Response&&await res.arrayBuffer()}catch(err){
store.dynamic||console.debug?.("prospective prerender failed:",err)}if(!store.dynamic)return await finalRun(store,call)}catch(err){if(!store.dynamic)throw err}return host.
prerenderDynamic(store.handle,store.dynamic),new Response(null,{status:204})}function finalRun(store,call){return new Promise((resolve,reject)=>{let responded=!1,
settled=!1,tooLate=()=>{settled||(settled=!0,reject(markDynamic(store,"IO that was not cached")))},failed=err=>{settled||(settled=!0,reject(err))};host.nextTurn(
()=>{responded||tooLate()});let result;try{result=call()}catch(err){failed(err);return}Promise.resolve(result).then(res=>{if(responded=!0,!settled){if(!(res instanceof
Response)){settled=!0,resolve(res);return}host.nextTurn(tooLate),res.arrayBuffer().then(body=>{settled||(settled=!0,resolve(new Response(body,{status:res.status,
statusText:res.statusText,headers:res.headers})))},failed)}},failed)})}function syncIO(expression){let store=requestStorage.getStore();store?.prerender===CACHE_COMPONENTS&&
!store.dynamic&&!cacheStorage.getStore()&&(store.dynamic=expression)}var tracking=!1,realNow=Date.now;function installSyncIOTracking(){if(tracking)return;tracking=
!0;let wrap=(obj,name,expression)=>{let original=obj[name];typeof original=="function"&&Object.defineProperty(obj,name,{value:{[name](...args){return syncIO(expression),
original.apply(this,args)}}[name],writable:!0,configurable:!0})};wrap(Date,"now","`Date.now()`"),wrap(Math,"random","`Math.random()`"),globalThis.crypto&&(wrap(
globalThis.crypto,"randomUUID","`crypto.randomUUID()`"),wrap(globalThis.crypto,"getRandomValues","`crypto.getRandomValues()`"))}var server_exports={};__export(server_exports,{NextFetchEvent:()=>NextFetchEvent,NextRequest:()=>NextRequest,NextResponse:()=>NextResponse,NextURL:()=>NextURL,after:()=>after,
connection:()=>connection,proxyRequest:()=>proxyRequest,userAgent:()=>userAgent,userAgentFromString:()=>userAgentFromString});var user_agent_exports={};__export(user_agent_exports,{isBot:()=>isBot,userAgent:()=>userAgent,userAgentFromString:()=>userAgentFromString});var UAParser=null,bots=/Googlebot|Mediapartners-Google|AdsBot-Google|googleweblight|Storebot-Google|Google-PageRenderer|Bingbot|BingPreview|Slurp|DuckDuckBot|baiduspider|yandex|sogou|LinkedInBot|bitlybot|tumblr|vkShare|quora link preview|facebookexternalhit|facebookcatalog|Twitterbot|applebot|redditbot|Slackbot|Discordbot|WhatsApp|SkypeUriPreview|ia_archiver/i;
function isBot(input){return bots.test(input)}function userAgentFromString(input){return UAParser??=host.loadLazy("ua-parser").default,{...new UAParser(input).getResult(),
isBot:input===void 0?!1:isBot(input)}}function userAgent({headers}){return userAgentFromString(headers.get("user-agent")||void 0)}var REDIRECTS=new Set([301,302,303,307,308]);function validateURL(url){try{return String(new URL(String(url)))}catch(cause){throw new Error(`URL is malformed "${String(
url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`,{cause})}}var NextURL=class _NextURL{#url;#basePath;constructor(input,baseOrOpts,opts){
let base,options=opts;typeof baseOrOpts=="object"&&baseOrOpts!==null&&!(baseOrOpts instanceof URL)&&!("href"in baseOrOpts)?options=baseOrOpts:base=baseOrOpts,this.#url=
base===void 0?new URL(String(input)):new URL(String(input),String(base)),this.#basePath=options?.nextConfig?.basePath??options?.basePath??"",this.#basePath&&(this.#url.
pathname===this.#basePath||this.#url.pathname.startsWith(this.#basePath+"/"))?this.#url.pathname=this.#url.pathname.slice(this.#basePath.length)||"/":this.#basePath&&
(this.#basePath="")}get basePath(){return this.#basePath}set basePath(v){this.#basePath=v.startsWith("/")||v===""?v:`/${v}`}get buildId(){}get locale(){return""}get defaultLocale(){}get domainLocale(){}get searchParams(){
return this.#url.searchParams}get host(){return this.#url.host}set host(v){this.#url.host=v}get hostname(){return this.#url.hostname}set hostname(v){this.#url.hostname=
v}get port(){return this.#url.port}set port(v){this.#url.port=v}get protocol(){return this.#url.protocol}set protocol(v){this.#url.protocol=v}get href(){let path=this.#basePath?
this.#basePath+(this.#url.pathname==="/"?"":this.#url.pathname):this.#url.pathname;return`${this.#url.protocol}//${this.#url.host}${path}${this.#url.search}${this.#url.
hash}`}set href(v){this.#url=new URL(v)}get origin(){return this.#url.origin}get pathname(){return this.#url.pathname}set pathname(v){this.#url.pathname=v}get hash(){
return this.#url.hash}set hash(v){this.#url.hash=v}get search(){return this.#url.search}set search(v){this.#url.search=v}get password(){return this.#url.password}set password(v){
this.#url.password=v}get username(){return this.#url.username}set username(v){this.#url.username=v}toString(){return this.href}toJSON(){return this.href}clone(){
return new _NextURL(this.href,{basePath:this.#basePath})}},kCookies=Symbol("cookies"),kNextUrl=Symbol("nextUrl"),kBasePath=Symbol("basePath"),NextRequest=class extends Request{constructor(input,init=void 0){
input!==kIncoming&&validateURL(typeof input!="string"&&input&&"url"in input?input.url:String(input)),super(input,init),input!==kIncoming&&(this[kBasePath]=init?.
nextConfig?.basePath??"")}get cookies(){return this[kCookies]??=new RequestCookies(this.headers),this[kCookies]}get nextUrl(){return this[kNextUrl]??=new NextURL(
this.url,{basePath:this[kBasePath]}),this[kNextUrl]}get page(){throw new Error("The `page` has been deprecated in favour of `URLPattern`.\n  Read more: https://n\
extjs.org/docs/messages/middleware-request-page\n  ")}get ua(){throw new Error("The request.ua has been removed in favour of `userAgent` function.\n  Read more: \
https://nextjs.org/docs/messages/middleware-parse-user-agent\n  ")}};Object.defineProperties(NextRequest.prototype,{[kCookies]:{value:null,writable:!0},[kNextUrl]:{
value:null,writable:!0},[kBasePath]:{value:"",writable:!0}});var ProxyCookies=class extends ResponseCookies{set(...args){return super.set(...args),this._headers.
set("x-middleware-set-cookie",this.getAll().map(stringifyCookie).join(",")),this}};function requestOverride(init,headers){let replacement=init?.request?.headers;
if(!replacement)return;if(!(replacement instanceof Headers))throw new Error("request.headers must be an instance of Headers");let keys=[];for(let[key,value]of replacement)
headers.set(`x-middleware-request-${key}`,value),keys.push(key);headers.set("x-middleware-override-headers",keys.join(","))}var NextResponse=class _NextResponse extends Response2{constructor(body,init=void 0){
super(body,init)}get cookies(){return this[kCookies]??=new ProxyCookies(this.headers),this[kCookies]}static json(body,init){let res=Response2.json(body,init);return new _NextResponse(
res.body,res)}static redirect(url,init){let status=typeof init=="number"?init:init?.status??307;if(!REDIRECTS.has(status))throw new RangeError('Failed to execut\
e "redirect" on "response": Invalid status code');let initObj=typeof init=="object"?init:{},headers=new Headers(initObj?.headers);return headers.set("Location",
validateURL(url)),new _NextResponse(null,{...initObj,headers,status})}static rewrite(destination,init){let headers=new Headers(init?.headers);return headers.set(
"x-middleware-rewrite",validateURL(destination)),requestOverride(init,headers),new _NextResponse(null,{...init,headers})}static next(init){if(init===void 0)return new _NextResponse(
null)[kHeaderEntry]("x-middleware-next","1");let headers=new Headers(init?.headers);return headers.set("x-middleware-next","1"),requestOverride(init,headers),new _NextResponse(
null,{...init,headers})}},NextFetchEvent=class{constructor(request){this.request=request}get sourcePage(){throw new Error("The `sourcePage` has been deprecated \
in favour of `URLPattern`.")}waitUntil(promise){after(promise)}respondWith(){throw new Error("The `event.respondWith()` function has been removed: return a Resp\
onse from the proxy instead.")}};function proxyRequest(request,basePath2){return request[kBasePath]=basePath2,request}Object.defineProperty(NextResponse.prototype,
kCookies,{value:null,writable:!0});function after(task){let store=currentStore("after");if(typeof task!="function"&&typeof task?.then!="function")throw new Error(
"`after()`: Argument must be a promise or a function");(store.after??=[]).push(task)}async function connection(){currentStore("connection")}var prelude_exports={};var define=(obj,name,value)=>{name in obj||(typeof value=="function"&&value.name===""&&Object.defineProperty(value,"name",{value:name,configurable:!0}),Object.defineProperty(
obj,name,{value,writable:!0,configurable:!0}))};for(let name of["asyncIterator","dispose","asyncDispose"])Symbol[name]||Object.defineProperty(Symbol,name,{value:Symbol.
for(`Symbol.${name}`)});define(Promise,"withResolvers",function(){let resolve,reject;return{promise:new this((res,rej)=>{resolve=res,reject=rej}),resolve,reject}});
define(Object,"groupBy",function(items,callback){let out2=Object.create(null),i=0;for(let item of items){let key=callback(item,i++);(out2[key]??=[]).push(item)}
return out2});define(Map,"groupBy",function(items,callback){let out2=new Map,i=0;for(let item of items){let key=callback(item,i++);out2.has(key)||out2.set(key,[]),
out2.get(key).push(item)}return out2});define(Array,"fromAsync",async function(items,mapFn,thisArg){let out2=[],i=0,iterable=items[Symbol.asyncIterator]?items:Array.
from(items);if(items[Symbol.asyncIterator]){let it=items[Symbol.asyncIterator]();for(let r=await it.next();!r.done;r=await it.next())out2.push(mapFn?await mapFn.
call(thisArg,r.value,i++):r.value);return out2}for(let v of iterable){let value=await v;out2.push(mapFn?await mapFn.call(thisArg,value,i++):value)}return out2});
define(Error,"captureStackTrace",function(target,constructorOpt){if(target!==null&&typeof target=="object"){let head;try{head=Error.prototype.toString.call(target)}catch{
head="Error"}let limit=Error.stackTraceLimit;Error.stackTraceLimit=typeof limit=="number"?limit+64:limit;let frames;try{frames=String(new Error().stack??"").split(
`
`).slice(2)}finally{Error.stackTraceLimit=limit}if(typeof constructorOpt=="function"){let name=constructorOpt.name,at=name?frames.findIndex(f=>f.startsWith(`   \
 at ${name} (`)||f.startsWith(`    at new ${name} (`)):-1;frames=frames.slice(at>=0?at+1:1)}typeof limit=="number"&&(frames=frames.slice(0,Math.max(0,limit))),Object.
defineProperty(target,"stack",{value:[head,...frames].join(`
`),writable:!0,configurable:!0})}});globalThis.self??=globalThis;globalThis.navigator??={userAgent:"Node.js/20 (jsroutes)",hardwareConcurrency:1,language:"en-US",
languages:["en-US"]};globalThis.global??=globalThis;{let TypedArray=Object.getPrototypeOf(Uint8Array),from=TypedArray.from;Object.defineProperty(TypedArray,"fro\
m",{value:function(source,...rest){return from.call(this,typeof source=="string"?Array.from(source):source,...rest)},writable:!0,configurable:!0})}var toObject=v=>{
if(v==null)throw new TypeError("Cannot convert undefined or null to object");return Object(v)};define(Object.prototype,"__defineGetter__",function(name,getter){
if(typeof getter!="function")throw new TypeError("Object.prototype.__defineGetter__: Expecting function");Object.defineProperty(toObject(this),name,{get:getter,
enumerable:!0,configurable:!0})});define(Object.prototype,"__defineSetter__",function(name,setter){if(typeof setter!="function")throw new TypeError("Object.prot\
otype.__defineSetter__: Expecting function");Object.defineProperty(toObject(this),name,{set:setter,enumerable:!0,configurable:!0})});var lookup=kind=>function(name){
for(let o=toObject(this);o!==null;o=Object.getPrototypeOf(o)){let d=Object.getOwnPropertyDescriptor(o,name);if(d)return d[kind]}};define(Object.prototype,"__loo\
kupGetter__",lookup("get"));define(Object.prototype,"__lookupSetter__",lookup("set"));var stringOf=(v,method)=>{if(v==null)throw new TypeError(`String.prototype\
.${method} called on null or undefined`);return typeof v=="string"?v:`${v}`},wellFormed={isWellFormed(){"use strict";let s=stringOf(this,"isWellFormed");return host.
wellFormed(s)===s},toWellFormed(){"use strict";return host.wellFormed(stringOf(this,"toWellFormed"))}};define(String.prototype,"isWellFormed",wellFormed.isWellFormed);
define(String.prototype,"toWellFormed",wellFormed.toWellFormed);define(Date.prototype,"toGMTString",Date.prototype.toUTCString);var process_exports={};__export(process_exports,{process:()=>process2});var env=host.env,start2=host.now();function hrtime(prev){let ms=host.timeOrigin+host.now(),sec=Math.floor(ms/1e3),nsec=Math.round((ms-sec*1e3)*1e6);return prev&&
(sec-=prev[0],nsec-=prev[1],nsec<0&&(sec--,nsec+=1e9)),[sec,nsec]}hrtime.bigint=()=>BigInt(Math.round((host.timeOrigin+host.now())*1e6));var ticks=[],draining=!1,
resolved=Promise.resolve();function drainTicks(){let outer=host.ctxGet(),ctx=outer;try{for(let i=0;i<ticks.length;i+=3){i===3072&&(ticks.splice(0,i),i=0);let fn=ticks[i],
args=ticks[i+1],tickCtx=ticks[i+2];tickCtx!==ctx&&host.ctxSet(ctx=tickCtx);try{args===void 0?fn():fn(...args)}catch(err){reportError(err)}}}finally{ticks.length=
0,draining=!1,ctx!==outer&&host.ctxSet(outer)}}function nextTick(fn,...args){if(typeof fn!="function"){let err=new TypeError(`The "callback" argument must be of\
 type function. Received ${fn===null?"null":typeof fn}`);throw err.code="ERR_INVALID_ARG_TYPE",err}ticks.push(fn,args.length?args:void 0,host.ctxGet()),draining||
(draining=!0,resolved.then(drainTicks))}var process2={env,argv:["jsroutes"],execArgv:[],pid:host.pid,ppid:0,platform:"linux",arch:"x64",version:"v20.0.0",versions:{
node:"20.0.0",jsroutes:host.version},release:{name:"node"},title:"jsroutes",browser:!1,cwd:()=>host.cwd,uptime:()=>(host.now()-start2)/1e3,hrtime,memoryUsage:()=>{
let[rss,heapTotal,heapUsed]=host.memoryUsage();return{rss,heapTotal,heapUsed,external:0,arrayBuffers:0}},nextTick,emitWarning:warning=>console.warn(typeof warning==
"string"?`Warning: ${warning}`:warning),exit:code=>{throw new Error(`process.exit(${code??""}) is not allowed in a route handler: it would stop the server`)},abort:()=>{
throw new Error("process.abort() is not allowed in a route handler")},on(){return process2},once(){return process2},off(){return process2},addListener(){return process2},
removeListener(){return process2},removeAllListeners(){return process2},listeners:()=>[],emit:()=>!1,stdout:{write:s=>(console.log(String(s).replace(/\n$/,"")),
!0),isTTY:!1},stderr:{write:s=>(console.error(String(s).replace(/\n$/,"")),!0),isTTY:!1}};defineGlobal("process",process2);var regexp_exports={};var Native=globalThis.RegExp,nativeExec=Native.prototype.exec,nativeSource=Object.getOwnPropertyDescriptor(Native.prototype,"source").get,nativeFlags=Object.getOwnPropertyDescriptor(
Native.prototype,"flags").get,written=new WeakMap,flagOrder="dgimsuvy",sortFlags=flags=>[...flags].sort((a,b)=>flagOrder.indexOf(a)-flagOrder.indexOf(b)).join(""),
needsRewrite=(source,flags)=>flags.includes("d")||flags.includes("v")||flags.includes("u")&&(source.includes("\\p")||source.includes("\\P"));function escapeLone(s){
let out2="",last=0;for(let i=0;i<s.length;i++){let c=s.charCodeAt(i);if(!(c<55296||c>57343)){if(c<=56319){let next=s.charCodeAt(i+1);if(next>=56320&&next<=57343){
i++;continue}}out2+=s.slice(last,i)+"\\u"+c.toString(16),last=i+1}}return last===0?s:out2+s.slice(last)}function escapeSource(source){if(source==="")return"(?:)";
let out2="",inClass=!1;for(let i=0;i<source.length;i++){let c=source[i];c==="\\"?(out2+=c+(source[i+1]??""),i++):c==="/"&&!inClass?out2+="\\/":lineTerminators[c]?
out2+=lineTerminators[c]:(c==="["?inClass=!0:c==="]"&&(inClass=!1),out2+=c)}return out2}var lineTerminators={"\n":"\\n","\r":"\\r","\u2028":"\\u2028","\u2029":"\
\\u2029"};function isNativeRegExp(v){if(v===null||typeof v!="object"||v===Native.prototype)return!1;try{return nativeSource.call(v),!0}catch{return!1}}function isRegExp(v){
if(v===null||typeof v!="object"&&typeof v!="function")return!1;let m=v[Symbol.match];return m!==void 0?!!m:isNativeRegExp(v)}function RegExp2(pattern,flags){let patternIsRegExp=isRegExp(
pattern),newTarget=new.target;if(newTarget===void 0&&(newTarget=RegExp2,patternIsRegExp&&flags===void 0&&pattern.constructor===RegExp2))return pattern;let source,
known=patternIsRegExp?written.get(pattern):void 0;if(known?(source=known.source,flags=flags===void 0?known.flags:flags):isNativeRegExp(pattern)?(source=nativeSource.
call(pattern),flags=flags===void 0?nativeFlags.call(pattern):flags):patternIsRegExp?(source=pattern.source,flags=flags===void 0?pattern.flags:flags):source=pattern===
void 0?"":`${pattern}`,flags=flags===void 0?"":`${flags}`,!needsRewrite(source,flags)){let re2=Reflect.construct(Native,[source,flags],newTarget);return source.
includes("/")&&Object.defineProperty(re2,"source",{value:escapeSource(source),configurable:!0}),re2}if(/[^dgimsuvy]/.test(flags)||new Set(flags).size!==flags.length||
flags.includes("u")&&flags.includes("v"))throw new SyntaxError(`Invalid flags supplied to RegExp constructor '${flags}'`);let t=host.regexpTranslate(escapeLone(
source),flags);if(typeof t=="string")throw new SyntaxError(`Invalid regular expression: /${source}/${flags}: ${t}`);let re=Reflect.construct(Native,[t[0],t[1]],
newTarget),info2={source,flags:sortFlags(flags),groups:t[2],ends:t[3],names:t[4]};written.set(re,info2);let own=value=>({value,configurable:!0});return Object.defineProperties(
re,{source:own(escapeSource(source)),flags:own(info2.flags),hasIndices:own(flags.includes("d")),unicodeSets:own(flags.includes("v")),unicode:own(flags.includes(
"u"))}),info2.groups&&Object.defineProperty(re,"exec",{value:execWithIndices,writable:!0,configurable:!0}),re}function execWithIndices(string){let info2=written.
get(this),m=nativeExec.call(this,string);if(m===null||!info2)return m;let input=m.input,out2=[m[0]],indices=[[m.index,m.index+m[0].length]];for(let k=0;k<info2.
groups.length;k++){let g=m[info2.groups[k]];if(out2.push(g),g===void 0){indices.push(void 0);continue}let end=input.length-m[info2.ends[k]].length;indices.push(
[end-g.length,end])}let groups,groupIndices;return info2.names.some(name=>name)&&(groups=Object.create(null),groupIndices=Object.create(null),info2.names.forEach(
(name,k)=>{name&&(out2[k+1]!==void 0||!Object.hasOwn(groups,name))&&(define2(groups,name,out2[k+1]),define2(groupIndices,name,indices[k+1]))})),define2(out2,"in\
dex",m.index),define2(out2,"input",input),define2(out2,"groups",groups),define2(indices,"groups",groupIndices),define2(out2,"indices",indices),out2}var define2=(o,key,value)=>Object.
defineProperty(o,key,{value,writable:!0,enumerable:!0,configurable:!0});for(let key of Reflect.ownKeys(Native))key!=="prototype"&&key!=="length"&&key!=="name"&&
Object.defineProperty(RegExp2,key,Object.getOwnPropertyDescriptor(Native,key));var flagGetters={get hasIndices(){return nativeFlag(this,"hasIndices")},get unicodeSets(){
return nativeFlag(this,"unicodeSets")}};function nativeFlag(re,name){if(re!==Native.prototype){if(!isNativeRegExp(re))throw new TypeError(`RegExp.prototype.${name}\
 getter called on non-RegExp object`);return!1}}for(let name of["hasIndices","unicodeSets"])Object.getOwnPropertyDescriptor(Native.prototype,name)||Object.defineProperty(
Native.prototype,name,{get:Object.getOwnPropertyDescriptor(flagGetters,name).get,configurable:!0});Object.defineProperty(RegExp2,"prototype",{value:Native.prototype,
writable:!1,enumerable:!1,configurable:!1});Object.defineProperty(Native.prototype,"constructor",{value:RegExp2,writable:!0,enumerable:!1,configurable:!0});Object.
defineProperty(globalThis,"RegExp",{value:RegExp2,writable:!0,enumerable:!1,configurable:!0});var runtime_exports={};__export(runtime_exports,{appStarted:()=>appStarted,applyNextConfig:()=>applyNextConfig,registerHooks:()=>registerHooks,registerRoutes:()=>registerRoutes});var weakref_exports={};var canBeHeldWeakly=v=>v!==null&&typeof v=="object"||typeof v=="function",WeakRef=class{#ref;constructor(target){if(new.target===void 0)throw new TypeError("Con\
structor WeakRef requires 'new'");if(!canBeHeldWeakly(target))throw new TypeError("WeakRef: invalid target");this.#ref=host.weakRef(target)}deref(){return host.
weakDeref(this.#ref)}};tag(WeakRef,"WeakRef");var FinalizationRegistry=class{#callback;constructor(cleanup){if(new.target===void 0)throw new TypeError("Construc\
tor FinalizationRegistry requires 'new'");if(typeof cleanup!="function")throw new TypeError("FinalizationRegistry: cleanup must be callable");this.#callback=cleanup}register(target,heldValue,unregisterToken){
if(!canBeHeldWeakly(target))throw new TypeError("FinalizationRegistry.prototype.register: invalid target");if(target===heldValue)throw new TypeError("Finalizati\
onRegistry.prototype.register: target and holdings must not be same");if(unregisterToken!==void 0&&!canBeHeldWeakly(unregisterToken))throw new TypeError("Finali\
zationRegistry.prototype.register: invalid unregister token");host.finalizationRegister(this.#callback,target,heldValue,unregisterToken)}unregister(unregisterToken){
if(!canBeHeldWeakly(unregisterToken))throw new TypeError("Invalid unregisterToken");return host.finalizationUnregister(unregisterToken)}};tag(FinalizationRegistry,
"FinalizationRegistry");typeof globalThis.WeakRef!="function"&&defineGlobal("WeakRef",WeakRef);typeof globalThis.FinalizationRegistry!="function"&&defineGlobal(
"FinalizationRegistry",FinalizationRegistry);var performance_exports={};__export(performance_exports,{performance:()=>performance2});var timeOrigin=host.timeOrigin,performance2={get timeOrigin(){return timeOrigin},now:()=>host.now(),toJSON(){return{timeOrigin}},mark(){},measure(){}};Object.defineProperty(
performance2,Symbol.toStringTag,{value:"Performance"});defineGlobal("performance",performance2);var timers_exports={};__export(timers_exports,{clearImmediate:()=>clearImmediate,clearInterval:()=>clearInterval,clearTimeout:()=>clearTimeout,setImmediate:()=>setImmediate,
setInterval:()=>setInterval,setTimeout:()=>setTimeout2});var Timeout=class{#id;constructor(id){this.#id=id}ref(){return this}unref(){return this}hasRef(){return!0}refresh(){return host.timerRefresh(this.#id),this}close(){
return host.timerClear(this.#id),this}[Symbol.toPrimitive](){return this.#id}};function start3(repeat,callback,delay,args){if(typeof callback!="function")throw new TypeError(
`The "callback" argument must be of type function. Received ${typeof callback}`);let ms=Number(delay);ms>=1&&ms<=2147483647||(ms=1);let fn=args.length?()=>callback(
...args):callback;return new Timeout(host.timerStart(fn,ms,repeat))}function clear(timer){if(timer==null)return;let id=typeof timer=="object"?timer[Symbol.toPrimitive]?.():
Number(timer);id!==void 0&&host.timerClear(id)}var setTimeout2=(callback,delay,...args)=>start3(!1,callback,delay,args),setInterval=(callback,delay,...args)=>start3(
!0,callback,delay,args),setImmediate=(callback,...args)=>start3(!1,callback,0,args),clearTimeout=clear,clearInterval=clear,clearImmediate=clear;defineGlobal("se\
tTimeout",setTimeout2);defineGlobal("setInterval",setInterval);defineGlobal("setImmediate",setImmediate);defineGlobal("clearTimeout",clearTimeout);defineGlobal(
"clearInterval",clearInterval);defineGlobal("clearImmediate",clearImmediate);var resolved2=Promise.resolve();defineGlobal("queueMicrotask",function(callback){if(typeof callback!=
"function")throw new TypeError("Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'.");resolved2.then(()=>{try{callback()}catch(err){reportError(
err)}})});var url_exports={};__export(url_exports,{URL:()=>URL2});var HREF=0,ORIGIN=1,PROTOCOL=2,USERNAME=3,PASSWORD=4,HOST=5,HOSTNAME=6,PORT=7,PATHNAME=8,SEARCH=9,HASH=10,kMissing=Symbol("missing"),URL2=class _URL{#parts;#params=null;constructor(url=kMissing,base=void 0){
if(url===kMissing)throw new TypeError("Failed to construct 'URL': 1 argument required, but only 0 present.");let input=toUSV(url),parts2=base===void 0?host.urlParse(
input):host.urlParse(input,toUSV(base));if(parts2===null)throw new TypeError(base===void 0?`Invalid URL: ${input}`:`Invalid URL: ${input} (base: ${base})`);this.#parts=
parts2}static canParse(url,base=void 0){return(base===void 0?host.urlParse(toUSV(url)):host.urlParse(toUSV(url),toUSV(base)))!==null}static parse(url,base=void 0){
try{return new _URL(url,base)}catch{return null}}static createObjectURL(obj){return lazyModule("blob").createObjectURL(obj)}static revokeObjectURL(url){lazyLoaded(
"blob")&&lazyModule("blob").revokeObjectURL(url)}#set(field,value){let parts2=host.urlSet(this.#parts[HREF],field,toUSV(value));parts2!==null&&(this.#parts=parts2),
(field==="href"||field==="search")&&this.#params&&URLSearchParams[urlSearchParamsUpdate](this.#params,this,this.#query())}#query(){return this.#parts[SEARCH].slice(
1)}[urlSearchParamsUpdate](query){let parts2=host.urlSet(this.#parts[HREF],"search",query);parts2!==null&&(this.#parts=parts2)}get href(){return this.#parts[HREF]}set href(v){
let parts2=host.urlParse(toUSV(v));if(parts2===null)throw new TypeError(`Invalid URL: ${v}`);this.#parts=parts2,this.#params&&URLSearchParams[urlSearchParamsUpdate](
this.#params,this,this.#query())}get origin(){return this.#parts[ORIGIN]}get protocol(){return this.#parts[PROTOCOL]}set protocol(v){this.#set("protocol",v)}get username(){
return this.#parts[USERNAME]}set username(v){this.#set("username",v)}get password(){return this.#parts[PASSWORD]}set password(v){this.#set("password",v)}get host(){
return this.#parts[HOST]}set host(v){this.#set("host",v)}get hostname(){return this.#parts[HOSTNAME]}set hostname(v){this.#set("hostname",v)}get port(){return this.#parts[PORT]}set port(v){
this.#set("port",v)}get pathname(){return this.#parts[PATHNAME]}set pathname(v){this.#set("pathname",v)}get search(){return this.#parts[SEARCH]}set search(v){this.#set(
"search",v)}get hash(){return this.#parts[HASH]}set hash(v){this.#set("hash",v)}get searchParams(){return this.#params??=URLSearchParams[urlSearchParamsUpdate](
null,this,this.#query())}toString(){return this.#parts[HREF]}toJSON(){return this.#parts[HREF]}};tag(URL2,"URL");defineGlobal("URL",URL2);var encoder2=new TextEncoder,methods=["GET","HEAD","OPTIONS","POST","PUT","DELETE","PATCH"],configKeys=["dynamic","dynamicParams","revalidate","fetchCache","run\
time","preferredRegion","maxDuration"],loaders=[],loading=[],routes=[],files=[],metadataKinds=[],nextConfig=Promise.resolve({}),basePath="",inflight=new Map,proxyIndex=-1,
instrumentationLoader=null,instrumentation=null;function applyEnv(config){for(let[k,v]of Object.entries(config?.env??{}))process.env[k]=String(v)}function applyNextConfig(ns){
let config="default"in ns?ns.default:ns;typeof config=="function"&&(config=config("phase-production-build",{defaultConfig:{}})),config&&typeof config.then!="fun\
ction"&&applyEnv(config),nextConfig=Promise.resolve(config).then(async c=>{c??={},applyEnv(c),authInterrupts.enabled=c.experimental?.authInterrupts===!0,cacheConfig.
enabled=c.cacheComponents===!0||c.experimental?.useCache===!0,cacheConfig.userProfiles=c.cacheLife??c.experimental?.cacheLife,cacheConfig.expireTime=c.expireTime,
c.cacheComponents===!0&&installSyncIOTracking(),basePath=c.basePath??"";let rewrites=c.rewrites?await c.rewrites():[];return{basePath:c.basePath??"",trailingSlash:!!c.
trailingSlash,skipTrailingSlashRedirect:!!c.skipTrailingSlashRedirect,cacheComponents:c.cacheComponents===!0,useCache:cacheConfig.enabled,cacheHandlers:["cacheH\
andler","cacheHandlers"].filter(key=>c[key]),headers:c.headers?await c.headers():[],redirects:c.redirects?await c.redirects():[],rewrites:Array.isArray(rewrites)?
{beforeFiles:[],afterFiles:rewrites,fallback:[]}:rewrites}})}function registerRoutes(list,sources,metadata){loaders=list,files=sources,metadataKinds=metadata,nextConfig.
then(config=>host.routes(config),err=>host.configError(err))}function registerHooks(proxy,proxyFile,instrument2){proxy!==null&&(proxyIndex=loaders.length,loaders=
[...loaders,proxy],files=[...files,proxyFile]),instrumentationLoader=instrument2}function appStarted(started){started.catch(err=>host.startError(err))}function load2(index2){
let mod=routes[index2];if(mod!==void 0)return mod;if(loading[index2]!==void 0)return loading[index2];let ns=loaders[index2]();return ns instanceof Promise?loading[index2]=
ns.then(n=>routes[index2]=moduleOf(index2,n)):routes[index2]=moduleOf(index2,ns)}function moduleOf(index2,ns){if(index2===proxyIndex)return proxyModule(ns);let kind=metadataKinds[index2];
return kind?lazyModule("next-metadata").metadataModule(kind,ns,files[index2]):{...ns}}function proxyModule(ns){let fn=[ns.proxy,ns.middleware,ns.default].find(f=>typeof f==
"function");if(fn===void 0)throw new Error(`The Proxy file "./${files[proxyIndex]}" must export a function named \`proxy\` or a default function.`);return{config:ns.
config,PROXY(request){proxyRequest(request,basePath);let res=fn(request,new NextFetchEvent(request));return res instanceof Promise?res.then(proxyResponse):proxyResponse(
res)}}}function proxyResponse(res){if(res==null)return NextResponse.next();if(!(res instanceof Response))throw new TypeError("Expected an instance of Response t\
o be returned");return res}function describeProxy(done){loaded2(proxyIndex).then(mod=>done(null,JSON.stringify(mod.config??{})),err=>done(err,null))}function instrument(done){
Promise.resolve().then(()=>instrumentationLoader()).then(async ns=>{instrumentation=ns,typeof ns.register=="function"&&await ns.register()}).then(()=>done(null,
null),err=>done(err,null))}function reportError3(store,err){let hook=instrumentation?.onRequestError;if(typeof hook!="function"||store.index===proxyIndex)return;
let request=store.request,url=new URL(request.url),headers={};for(let[k,v]of request.headers)headers[k]=v;let context={routerKind:"App Router",routePath:routePath(
store.route),routeType:"route",revalidateReason:void 0};Promise.resolve().then(()=>hook(err,{path:url.pathname+url.search,headers,method:request.method},context)).
catch(e=>console.error("Error in onRequestError of instrumentation:",e))}function routePath(file){return"/"+file.replace(/^(src\/)?app\//,"").split("/").slice(0,
-1).filter(s=>!(s.startsWith("(")&&s.endsWith(")"))&&!s.startsWith("@")).join("/")}var loaded2=index2=>Promise.resolve().then(()=>load2(index2));function describe(index2,done){
loaded2(index2).then(mod=>{let config={};for(let k of configKeys)k in mod&&(config[k]=mod[k]);done(null,{methods:methods.filter(m=>typeof mod[m]=="function"),config,
generateStaticParams:typeof mod.generateStaticParams=="function"})},err=>done(err,null))}function preload(done){Promise.allSettled(loaders.map((_,i)=>loaded2(i))).
then(results=>done(null,results.map(r=>r.status==="rejected"?r.reason:null)))}function paramsOf(params){let promise=Promise.resolve(params);for(let k in params)
promise[k]=params[k];return promise}var handled=Symbol("handled"),staticContext=Object.freeze({params:void 0}),incoming={handle:-1,method:"",url:"",hasBody:!1};
function dispatch(handle,index2,exportName,method,url,params,hasBody,mode){incoming.handle=handle,incoming.method=method,incoming.url=url,incoming.hasBody=hasBody;
let request=new NextRequest(kIncoming,incoming),store=new RequestStore(request,files[index2],handle);store.index=index2,inflight.set(handle,store);let prev=host.
ctxGet();host.ctxSet(store);try{let mod=routes[index2]??load2(index2),context=params===void 0?staticContext:{params:paramsOf(params)},result=mode?Promise.resolve(
mod).then(m=>prerender(store,m,exportName,context,mode)):mod instanceof Promise?mod.then(m=>m[exportName](request,context)):mod[exportName](request,context);if(result instanceof
Promise)switch(host.promiseState(result)){case"pending":return result;case"fulfilled":return finish(store,host.promiseResult(result)),handled;default:return fail(
store,host.promiseResult(result)),handled}return finish(store,result),handled}catch(err){return fail(store,err),handled}finally{host.ctxSet(prev)}}function settle(handle,value,fulfilled){
let store=inflight.get(handle);store!==void 0&&(fulfilled?finish(store,value):fail(store,value))}function wait(handle,promise){let store=inflight.get(handle);if(store===
void 0)return;let prev=host.ctxGet();host.ctxSet(store);try{promise.then(waited,waitFailed)}finally{host.ctxSet(prev)}}function waited(res){finish(host.ctxGet(),
res)}function waitFailed(err){fail(host.ctxGet(),err)}var out=new Sendable;function finish(store,res){if(typeof res?.[kSendable]!="function"){fail(store,new Error(
`No response is returned from route handler '${store.route}'. Ensure you return a \`Response\` or a \`NextResponse\` in all branches of your handler.`));return}
if(!res[kSendable](out)){fail(store,new TypeError("The route handler returned Response.error()"));return}let list=out.list;if(list===null||store.index===proxyIndex){
send2(store,out.status,list,out.contentType,out.body);return}for(let i=0;i<list.length;i++){let name=list[i][0];if(name==="x-middleware-rewrite"){fail(store,new Error(
"NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue."));return}if(name==="x-middl\
eware-next"){fail(store,new Error("NextResponse.next() was used in a app route handler, this is not supported. See here for more info: https://nextjs.org/docs/m\
essages/next-response-next-in-app-route-handler"));return}}send2(store,out.status,list,null,out.body)}function send2(store,status,list,contentType,body){if(store.
gone){runAfter(store);return}if(store.jar!==null){let merged=list!==null?Headers.fromRaw(list.flat(),"none"):contentType!==null?Headers.fromEntry("content-type",
contentType):new Headers;appendMutableCookies(merged,store.cookies),list=merged[kList]}let flat="";if(list!==null)for(let i=0;i<list.length;i++)flat+=`${list[i][0]}\

${list[i][1]}
`;else contentType!==null&&(flat=`content-type
${contentType}
`);let payload=null;if(body!==null){if(body.used||body.stream!==null&&body.stream._disturbed===!0){fail(store,new TypeError("Response body object should not be \
disturbed or locked"));return}switch(body.used=!0,body.kind){case"string":case"bytes":payload=body.value;break;case"blob":payload=body.value[kBytes];break;default:
store.reader=streamOf(body).getReader(),payload=!0}}let more=store.after!==null||store.reader!==null;more||inflight.delete(store.handle),host.respond(store.handle,
status,flat,payload,more)}function fail(store,err){if(isRedirectError(err)){let{url,status:status2}=redirectTarget(err);send2(store,status2,[["location",url]],null,
null);return}if(isNotFoundError(err)){send2(store,404,null,null,null);return}let status=authInterruptStatus(err);if(status!==0){store.jar=null,send2(store,status,
null,null,null);return}if(reportError3(store,err),store.gone){console.error(`Error in route handler '${store.route}' (its client had left):`,err),runAfter(store);
return}let more=store.after!==null;more||inflight.delete(store.handle),host.fail(store.handle,err,more)}function pull(handle){let store=inflight.get(handle);store.
reader.read().then(({done,value})=>{done?host.chunk(handle,null):value instanceof Uint8Array?host.chunk(handle,value):typeof value=="string"?host.chunk(handle,encoder2.
encode(value)):ArrayBuffer.isView(value)||value instanceof ArrayBuffer?host.chunk(handle,bytesOf(value)):host.streamError(handle,new TypeError(`Received a chunk\
 that is not a Uint8Array or string (${typeof value}) in the response stream of '${store.route}'`))},err=>host.streamError(handle,err))}function cancel(handle){
let store=inflight.get(handle);if(!store)return;let reason=new DOMException("The client disconnected","AbortError");store.request[kController]?.abort(reason),store.
reader?.cancel(reason).catch(()=>{}),store.reader===null&&(store.request.headers,store.gone=!0,inflight.delete(handle))}function finished(handle){let store=inflight.
get(handle);store&&(inflight.delete(handle),runAfter(store))}function runAfter(store){if(store.after===null)return;store.request.headers;let tasks=store.after;store.
after=null,requestStorage.run(store,()=>{for(let task of tasks)host.afterBegin(),Promise.resolve().then(()=>typeof task=="function"?task():task).catch(err=>console.
error(`Error in after() of '${store.route}':`,err)).finally(()=>host.afterEnd())})}function staticParams(index2,done){loaded2(index2).then(mod=>mod.generateStaticParams(
{params:{}})).then(list=>{if(!Array.isArray(list))throw new TypeError(`generateStaticParams of '${files[index2]}' must return an array of params objects`);done(
null,list)}).catch(err=>done(err,null))}host.register({dispatch,settle,wait,handled,pull,cancel,finished,staticParams,describe,preload,describeProxy,instrument});var namespaces={"jsroutes:async-hooks.js":async_hooks_exports,"jsroutes:console/console.js":console_exports,"jsroutes:crypto/crypto.js":crypto_exports,"jsroutes\
:crypto/subtle.js":subtle_exports,"jsroutes:dom/abort.js":abort_exports,"jsroutes:dom/dom-exception.js":dom_exception_exports,"jsroutes:dom/event-target.js":event_target_exports,
"jsroutes:encoding/encoding.js":encoding_exports,"jsroutes:fetch/body.js":body_exports,"jsroutes:fetch/fetch.js":fetch_exports,"jsroutes:fetch/headers.js":headers_exports,
"jsroutes:fetch/request.js":request_exports,"jsroutes:fetch/response.js":response_exports,"jsroutes:host.js":host_exports,"jsroutes:intl/intl.js":intl_exports,"\
jsroutes:lazy-globals.js":lazy_globals_exports,"jsroutes:memory.js":memory_exports,"jsroutes:next/cookies.js":cookies_exports,"jsroutes:next/data-cache.js":data_cache_exports,
"jsroutes:next/navigation.js":navigation_exports,"jsroutes:next/prerender.js":prerender_exports,"jsroutes:next/request-store.js":request_store_exports,"jsroutes\
:next/server.js":server_exports,"jsroutes:next/user-agent.js":user_agent_exports,"jsroutes:prelude.js":prelude_exports,"jsroutes:process.js":process_exports,"js\
routes:regexp/regexp.js":regexp_exports,"jsroutes:runtime.js":runtime_exports,"jsroutes:streams/streams.js":streams_exports,"jsroutes:timers/performance.js":performance_exports,
"jsroutes:timers/timers.js":timers_exports,"jsroutes:url/url-search-params.js":url_search_params_exports,"jsroutes:url/url.js":url_exports,"jsroutes:weakref/wea\
kref.js":weakref_exports},live={"jsroutes:dom/event-target.js":["trusted"],"jsroutes:next/server.js":["userAgent","userAgentFromString"]},modules={};function require2(specifier){
return modules[specifier]??valuesOf(specifier)??host.requireLazy(specifier)}function valuesOf(specifier){let ns=namespaces[specifier];if(ns===void 0)return;let getters=live[specifier]??
[];if(getters===!0)return modules[specifier]=ns;let values={};for(let key of Object.keys(ns))Object.defineProperty(values,key,getters.includes(key)?{get:()=>ns[key],
enumerable:!0}:{value:ns[key],enumerable:!0});return modules[specifier]=values}
})
