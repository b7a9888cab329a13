// The self-contained browser build of simple-peer (no Node polyfills needed in the renderer).
declare module 'simple-peer/simplepeer.min.js' {
  import SimplePeer from 'simple-peer';
  export default SimplePeer;
}
